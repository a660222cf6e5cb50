package se.servicekontor.videomote.bookings;

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

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/** Each bookings test's own world: an agency, an office, rooms and officers on shift, built through the API. */
final class BookingFixtures {

    static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    /** svc-a of {@link TestData#agency()} lasts 30 minutes, svc-b 60. */
    static final String SHORT = "svc-a";
    static final String LONG = "svc-b";

    private BookingFixtures() {
    }

    /** An agency, a FIXED office open 08:00-17:00 every day with {@code rooms} rooms, and officers. */
    record World(AgencyRef agency, String office, List<UUID> rooms, List<UUID> officers) {

        String agencyCode() {
            return agency.code();
        }

        /** A booking request for {@code service} at {@code start}, visitor with a name only. */
        Map<String, Object> request(String service, OffsetDateTime start) {
            Map<String, Object> body = new HashMap<>();
            body.put("office", office);
            body.put("agency", agency.code());
            body.put("service", service);
            body.put("start", start.toString());
            body.put("visitor", Map.of("name", "Anna Andersson"));
            return body;
        }
    }

    /**
     * A world whose officers (speaking sv and en, with both services) are on shift 08:00-17:00 on each of
     * {@code shiftDays}.
     */
    static World world(int rooms, int officers, LocalDate... shiftDays) {
        AgencyRef agency = TestData.agency();
        String office = office("FIXED", agency.code());
        List<UUID> roomIds = new ArrayList<>();
        for (int i = 0; i < rooms; i++) {
            roomIds.add(TestData.room(office, "Rum " + (i + 1)));
        }
        List<UUID> officerIds = new ArrayList<>();
        for (int i = 0; i < officers; i++) {
            UUID officer = TestData.officer(agency.code(), List.of("sv", "en"), List.of(SHORT, LONG));
            for (LocalDate day : shiftDays) {
                dayShift(officer, day);
            }
            officerIds.add(officer);
        }
        return new World(agency, office, roomIds, officerIds);
    }

    /** Tomorrow in Stockholm by the real clock: always in the future, whatever the time of day. */
    static LocalDate tomorrow() {
        return LocalDate.now(STOCKHOLM).plusDays(1);
    }

    static OffsetDateTime at(LocalDate date, String localTime) {
        return ZonedDateTime.of(date, LocalTime.parse(localTime), STOCKHOLM).toOffsetDateTime();
    }

    /** How the API writes {@code localTime} on {@code date} in Stockholm: {@code 2026-11-23T09:30:00+01:00}. */
    static String iso(LocalDate date, String localTime) {
        return date + "T" + localTime + ":00" + at(date, localTime).getOffset();
    }

    static void dayShift(UUID officer, LocalDate day) {
        shift(officer, at(day, "08:00"), at(day, "17:00"));
    }

    static void shift(UUID officer, OffsetDateTime start, OffsetDateTime end) {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", start.toString(), "end", end.toString()))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);
    }

    /** A TestData office (FIXED: open 08:00-17:00 every day; MOBILE: open only at its stops) offering one agency. */
    static String office(String kind, String agency) {
        return ("MOBILE".equals(kind) ? TestData.mobileOffice(agency) : TestData.office(agency)).id();
    }

    /** An office with the given kind and opening hours ({@code [day, opens, closes]} triples). */
    static String office(String kind, List<String[]> hours, String... agencies) {
        String id = TestData.slug("office");
        List<Map<String, String>> periods = new ArrayList<>();
        for (String[] h : hours) {
            periods.add(Map.of("day", h[0], "opens", h[1], "closes", h[2]));
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Office " + id, "municipality", "Testby", "kind", kind,
                        "timeZone", "Europe/Stockholm", "openingHours", periods, "agencies", List.of(agencies),
                        "closedOnHolidays", false)) // tests book "tomorrow", which may be a public holiday
                .post("/api/v1/offices").then().statusCode(201);
        return id;
    }

    /** Every day of the week, {@code opens} to {@code closes}. */
    static List<String[]> everyDay(String opens, String closes) {
        List<String[]> hours = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            hours.add(new String[] { day, opens, closes });
        }
        return hours;
    }

    static UUID room(String office, String name, boolean accessible) {
        return UUID.fromString(given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "accessible", accessible, "capacity", 2))
                .post("/api/v1/offices/" + office + "/rooms").then().statusCode(201).extract().path("id"));
    }

    static Response book(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/bookings");
    }

    /** Books as admin and returns the new booking's id. */
    static UUID booked(Map<String, Object> body) {
        return UUID.fromString(book(Tokens.admin(), body).then().statusCode(201).extract().path("id"));
    }

    static Response availability(String token, String agency, String service, String office, LocalDate from,
            LocalDate to) {
        var spec = given().auth().oauth2(token).queryParam("agency", agency).queryParam("service", service)
                .queryParam("from", from.toString()).queryParam("to", to.toString());
        if (office != null) {
            spec.queryParam("office", office);
        }
        return spec.get("/api/v1/availability");
    }

    static long bookings(String office) {
        return Sql.count("SELECT count(*) FROM booking WHERE office_id = ?", office);
    }

    static String status(UUID booking) {
        return (String) Sql.value("SELECT status FROM booking WHERE id = ?", booking);
    }

    /** Pairs of active bookings, one of them at the office, that share a room at overlapping times. */
    static long roomOverlaps(String office) {
        return overlaps(office, "room_id");
    }

    /** Pairs of active bookings, one of them at the office, that share an officer at overlapping times. */
    static long officerOverlaps(String office) {
        return overlaps(office, "officer_id");
    }

    private static long overlaps(String office, String column) {
        return Sql.count("""
                SELECT count(*) FROM booking a JOIN booking b
                  ON a.id <> b.id AND a.%1$s = b.%1$s
                 AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
                WHERE a.office_id = ? AND a.status IN ('BOOKED', 'CHECKED_IN') AND b.status IN ('BOOKED', 'CHECKED_IN')
                """.formatted(column), office);
    }
}
