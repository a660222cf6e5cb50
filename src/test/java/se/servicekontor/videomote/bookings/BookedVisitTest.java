package se.servicekontor.videomote.bookings;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static se.servicekontor.videomote.bookings.BookingFixtures.SHORT;
import static se.servicekontor.videomote.bookings.BookingFixtures.at;
import static se.servicekontor.videomote.bookings.BookingFixtures.tomorrow;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** Where bookings meet the walk-in queue: check-in makes a visit, and the two never fight over a room or officer. */
@QuarkusTest
class BookedVisitTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static void available(UUID officer, String agency) {
        given().auth().oauth2(Tokens.officer(officer, agency)).contentType(ContentType.JSON)
                .body(Map.of("presence", "AVAILABLE")).put("/api/v1/officers/" + officer + "/presence")
                .then().statusCode(200);
    }

    private static io.restassured.response.Response next(UUID officer, String agency) {
        return given().auth().oauth2(Tokens.officer(officer, agency)).post("/api/v1/officers/" + officer + "/next");
    }

    private static void act(UUID visit, String action, String token) {
        given().auth().oauth2(token).contentType(ContentType.JSON).post("/api/v1/visits/" + visit + "/" + action)
                .then().statusCode(200);
    }

    private static String bookingStatus(UUID booking) {
        return (String) Sql.value("SELECT status FROM booking WHERE id = ?", booking);
    }

    @Test
    void shouldCallACheckedInBookingToItsOfficerInItsRoomAndEndTheBookingWithTheVisit() {
        LocalDate day = tomorrow();
        var w = BookingFixtures.world(2, 2, day);
        var booking = BookingFixtures.book(Tokens.desk(w.office()), w.request(SHORT, at(day, "10:00")))
                .then().statusCode(201).extract();
        UUID id = UUID.fromString(booking.path("id"));
        UUID room = UUID.fromString(booking.path("room.id"));
        UUID officer = UUID.fromString(booking.path("officer.id"));
        UUID other = w.officers().stream().filter(o -> !o.equals(officer)).findFirst().orElseThrow();
        available(officer, w.agencyCode());
        available(other, w.agencyCode());

        clock.pin(at(day, "09:50").toInstant());
        UUID visit = UUID.fromString(given().auth().oauth2(Tokens.desk(w.office())).post("/api/v1/bookings/" + id + "/check-in")
                .then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("status", equalTo("CHECKED_IN"))
                .body("visit.status", equalTo("WAITING"))
                .body("visit.ticket", startsWith(w.agency().ticketPrefix()))
                .extract().path("visit.id"));
        assertThat(Sql.value("SELECT booking_id FROM visit WHERE id = ?", visit)).isEqualTo(id);

        clock.pin(at(day, "09:58").toInstant());
        next(other, w.agencyCode()).then().statusCode(204); // held for the booked officer
        next(officer, w.agencyCode()).then().statusCode(200)
                .body("visit.id", equalTo(visit.toString()))
                .body("room.id", equalTo(room.toString()));

        act(visit, "start", Tokens.officer(officer, w.agencyCode()));
        assertThat(bookingStatus(id)).isEqualTo("CHECKED_IN");
        act(visit, "complete", Tokens.officer(officer, w.agencyCode()));
        assertThat(bookingStatus(id)).isEqualTo("COMPLETED");
        assertThat(Sql.rows("SELECT type FROM live_message WHERE stream = ? ORDER BY seq", "desk:" + w.office()))
                .extracting(r -> r.get("type")).contains("booking.checked-in", "visit.created", "booking.completed");
    }

    @Test
    void shouldEndTheBookingWhenItsVisitIsANoShowOrCancelled() {
        LocalDate day = tomorrow();
        var w = BookingFixtures.world(2, 2, day);
        UUID noShow = BookingFixtures.booked(w.request(SHORT, at(day, "10:00")));
        UUID cancelled = BookingFixtures.booked(w.request(SHORT, at(day, "10:00")));
        w.officers().forEach(o -> available(o, w.agencyCode()));
        clock.pin(at(day, "09:55").toInstant());
        UUID first = UUID.fromString(given().auth().oauth2(Tokens.desk(w.office())).post("/api/v1/bookings/" + noShow + "/check-in")
                .then().statusCode(200).extract().path("visit.id"));
        UUID second = UUID.fromString(given().auth().oauth2(Tokens.desk(w.office())).post("/api/v1/bookings/" + cancelled + "/check-in")
                .then().statusCode(200).extract().path("visit.id"));
        UUID officer = UUID.fromString((String) given().auth().oauth2(Tokens.admin()).get("/api/v1/bookings/" + noShow)
                .then().statusCode(200).extract().path("officer.id"));
        clock.pin(at(day, "10:00").toInstant());
        next(officer, w.agencyCode()).then().statusCode(200).body("visit.id", equalTo(first.toString()));
        act(first, "no-show", Tokens.desk(w.office()));
        act(second, "cancel", Tokens.desk(w.office()));
        assertThat(bookingStatus(noShow)).isEqualTo("NO_SHOW");
        assertThat(bookingStatus(cancelled)).isEqualTo("CANCELLED");
    }

    @Test
    void shouldNotGiveAWalkInTheRoomOrTheOfficerOfABookingAboutToStart() {
        LocalDate day = tomorrow();
        var w = BookingFixtures.world(1, 1, day);
        UUID bookedOfficer = w.officers().get(0);
        UUID id = BookingFixtures.booked(w.request(SHORT, at(day, "10:00")));
        UUID walkInOfficer = TestData.officer(w.agencyCode(), List.of("sv"), List.of(SHORT));
        available(bookedOfficer, w.agencyCode());
        available(walkInOfficer, w.agencyCode());

        clock.pin(at(day, "09:45").toInstant());
        given().auth().oauth2(Tokens.desk(w.office())).contentType(ContentType.JSON)
                .body(Map.of("agency", w.agencyCode(), "service", SHORT))
                .post("/api/v1/offices/" + w.office() + "/visits").then().statusCode(201);
        next(walkInOfficer, w.agencyCode()).then().statusCode(204); // the only room is booked from 10:00
        next(bookedOfficer, w.agencyCode()).then().statusCode(204); // and so is this officer

        clock.pin(at(day, "10:31").toInstant()); // the booking's slot is over (never checked in)
        next(walkInOfficer, w.agencyCode()).then().statusCode(200)
                .body("room.id", equalTo(w.rooms().get(0).toString()));
        assertThat(bookingStatus(id)).isEqualTo("BOOKED");
    }
}
