package se.servicekontor.videomote.notifications;

import static io.restassured.RestAssured.given;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** Each notification test's own agency, office, room and officer on shift, built through the API. */
final class NotificationFixtures {

    static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final AtomicInteger PHONES = new AtomicInteger();

    private NotificationFixtures() {
    }

    record World(String agency, String office, UUID room, UUID officer) {
    }

    /** One room and one officer (sv, en) on shift 08:00-17:00 on each day. */
    static World world(LocalDate... days) {
        TestData.AgencyRef agency = TestData.agency();
        String office = TestData.office(agency.code()).id();
        UUID room = TestData.room(office, "Rum 1");
        UUID officer = TestData.officer(agency.code(), List.of("sv", "en"), agency.services());
        for (LocalDate day : days) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("start", at(day, "08:00").toString(), "end", at(day, "17:00").toString()))
                    .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);
        }
        return new World(agency.code(), office, room, officer);
    }

    static OffsetDateTime at(LocalDate day, String time) {
        return ZonedDateTime.of(day, LocalTime.parse(time), STOCKHOLM).toOffsetDateTime();
    }

    /** A phone number no other test uses. */
    static String phone() {
        return "+4670" + String.format("%07d", (int) (Math.random() * 9_000_000) + PHONES.incrementAndGet());
    }

    static String email() {
        return TestData.slug("visitor") + "@example.se";
    }

    /** Books svc-a (30 min) as admin; answers the booking's id. */
    static UUID book(World w, OffsetDateTime start, String phone, String email) {
        Map<String, Object> visitor = new HashMap<>();
        visitor.put("name", "Eva Ek");
        if (phone != null) {
            visitor.put("phone", phone);
        }
        if (email != null) {
            visitor.put("email", email);
        }
        return UUID.fromString(given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("office", w.office(), "agency", w.agency(), "service", "svc-a", "start", start.toString(),
                        "visitor", visitor))
                .post("/api/v1/bookings").then().statusCode(201).extract().path("id"));
    }

    static void cancel(UUID booking) {
        given().auth().oauth2(Tokens.admin()).post("/api/v1/bookings/" + booking + "/cancel").then().statusCode(200);
    }

    static void reschedule(UUID booking, OffsetDateTime start) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("start", start.toString()))
                .post("/api/v1/bookings/" + booking + "/reschedule").then().statusCode(200);
    }

    /** The booking's (or visit's) outbox rows: kind, channel, status, attempts, due time. */
    static List<Map<String, Object>> rows(UUID bookingOrVisit) {
        return new ArrayList<>(Sql.rows("SELECT id, kind, channel, status, attempts, next_attempt_at, recipient, body, "
                + "last_error FROM notification WHERE booking_id = ? OR visit_id = ? ORDER BY next_attempt_at, kind, channel",
                bookingOrVisit, bookingOrVisit));
    }
}
