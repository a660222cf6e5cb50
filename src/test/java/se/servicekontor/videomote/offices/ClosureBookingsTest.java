package se.servicekontor.videomote.offices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** Closing a day that has bookings: they are listed, and cancelled in the same request when asked. */
@QuarkusTest
class ClosureBookingsTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    record Day(String office, LocalDate date, List<String> references, List<UUID> ids) {
    }

    /** An office (open every day, holidays too) with two bookings on a day 3 days ahead. */
    private static Day bookedDay() {
        var agency = TestData.agency();
        var office = TestData.office(agency.code()).id();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("id", office, "name", "Office " + office, "municipality", "Testby", "kind", "FIXED",
                        "openingHours", List.of(Map.of("day", "MONDAY", "opens", "08:00", "closes", "17:00"),
                                Map.of("day", "TUESDAY", "opens", "08:00", "closes", "17:00"),
                                Map.of("day", "WEDNESDAY", "opens", "08:00", "closes", "17:00"),
                                Map.of("day", "THURSDAY", "opens", "08:00", "closes", "17:00"),
                                Map.of("day", "FRIDAY", "opens", "08:00", "closes", "17:00"),
                                Map.of("day", "SATURDAY", "opens", "08:00", "closes", "17:00"),
                                Map.of("day", "SUNDAY", "opens", "08:00", "closes", "17:00")),
                        "agencies", List.of(agency.code()), "closedOnHolidays", false))
                .put("/api/v1/offices/" + office).then().statusCode(200);
        TestData.room(office, "Rum 1");
        TestData.room(office, "Rum 2");
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        LocalDate date = LocalDate.now(STOCKHOLM).plusDays(3);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", at(date, "08:00"), "end", at(date, "17:00")))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);
        List<String> refs = new java.util.ArrayList<>();
        List<UUID> ids = new java.util.ArrayList<>();
        for (String time : List.of("09:00", "10:00")) {
            var r = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("office", office, "agency", agency.code(), "service", "svc-a", "start", at(date, time),
                            "visitor", Map.of("name", "Besökare")))
                    .post("/api/v1/bookings").then().statusCode(201).extract();
            refs.add(r.path("reference"));
            ids.add(UUID.fromString(r.path("id")));
        }
        return new Day(office, date, refs, ids);
    }

    private static String at(LocalDate date, String time) {
        return ZonedDateTime.of(date, LocalTime.parse(time), STOCKHOLM).toOffsetDateTime().toString();
    }

    @Test
    void shouldListTheDaysBookingsWithoutCancellingThemByDefault() {
        Day day = bookedDay();
        given().auth().oauth2(Tokens.desk(day.office())).contentType(ContentType.JSON)
                .body(Map.of("date", day.date().toString(), "reason", "Vattenläcka"))
                .post("/api/v1/offices/" + day.office() + "/closures")
                .then().statusCode(201)
                .body("affectedBookings", hasSize(2))
                .body("affectedBookings.reference", containsInAnyOrder(day.references().toArray()))
                .body("affectedBookings.status", everyItem(equalTo("BOOKED")))
                .body("affectedBookings[0].visitor", org.hamcrest.Matchers.nullValue());
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE office_id = ? AND status = 'BOOKED'", day.office()))
                .isEqualTo(2);
    }

    @Test
    void shouldCancelTheDaysBookingsInTheSameRequestWithTheirEvents() {
        Day day = bookedDay();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day.date().toString(), "reason", "Strömavbrott", "cancelBookings", true))
                .post("/api/v1/offices/" + day.office() + "/closures")
                .then().statusCode(201)
                .body("affectedBookings.status", everyItem(equalTo("CANCELLED")))
                .body("affectedBookings.id", containsInAnyOrder(day.ids().stream().map(UUID::toString).toArray()));
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE office_id = ? AND status = 'CANCELLED'", day.office()))
                .isEqualTo(2);
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE stream = ? AND type = 'booking.cancelled'",
                "desk:" + day.office())).isEqualTo(2);
    }

    @Test
    void shouldChangeNothingWhenTheDayIsClosedAlready() {
        Day day = bookedDay();
        Sql.update("INSERT INTO office_closure (id, office_id, date, reason) VALUES (?, ?, ?, 'x')", UUID.randomUUID(),
                day.office(), day.date());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day.date().toString(), "reason", "igen", "cancelBookings", true))
                .post("/api/v1/offices/" + day.office() + "/closures")
                .then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString(day.date().toString()));
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE office_id = ? AND status = 'BOOKED'", day.office()))
                .isEqualTo(2);
    }

    @Test
    void shouldKeepPastClosuresAndDeleteFutureOnes() {
        var office = TestData.office(TestData.agency().code()).id();
        LocalDate past = LocalDate.now(STOCKHOLM).minusDays(2);
        LocalDate future = LocalDate.now(STOCKHOLM).plusDays(5);
        Sql.update("INSERT INTO office_closure (id, office_id, date, reason) VALUES (?, ?, ?, 'då')", UUID.randomUUID(),
                office, past);
        Sql.update("INSERT INTO office_closure (id, office_id, date, reason) VALUES (?, ?, ?, 'sen')", UUID.randomUUID(),
                office, future);
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/offices/" + office + "/closures/" + past)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/offices/" + office + "/closures/" + future)
                .then().statusCode(204);
        assertThat(Sql.count("SELECT count(*) FROM office_closure WHERE office_id = ?", office)).isEqualTo(1);
    }
}
