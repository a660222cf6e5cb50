package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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

/** Builders and shortcuts for the visits tests: each test makes its own agencies, offices, rooms and officers. */
final class VisitFixtures {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private VisitFixtures() {
    }

    /** An agency with services svc-a (30 min) and svc-b (60 min), unique to the calling test. */
    static AgencyRef agency() {
        return TestData.agency();
    }

    /**
     * An office open every day 00:00-23:59, public holidays included, offering {@code agencies}, with a cleaning
     * buffer: walk-in tickets are issued only while an office is open, and tests run at any time of day (except in the
     * last minute of the Stockholm day; tests that move the clock forward start at {@link #nextMorning()}).
     */
    static String office(int cleaningBufferMinutes, String... agencies) {
        String id = TestData.slug("vo");
        List<Map<String, String>> hours = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            hours.add(Map.of("day", day, "opens", "00:00", "closes", "23:59"));
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Servicekontor " + id, "municipality", "Testby", "kind", "FIXED",
                        "timeZone", "Europe/Stockholm", "openingHours", hours, "agencies", List.of(agencies),
                        "cleaningBufferMinutes", cleaningBufferMinutes, "closedOnHolidays", false))
                .post("/api/v1/offices").then().statusCode(201);
        return id;
    }

    /**
     * 08:00 tomorrow, Stockholm time: where a test that pins the clock and moves it forward by minutes or hours starts,
     * so that the office stays open however late in the evening the suite runs (from "now", a test moving 80 minutes
     * on failed when run after 22:40). Later than anything the test wrote before pinning.
     */
    static Instant nextMorning() {
        return LocalDate.now(STOCKHOLM).plusDays(1).atTime(8, 0).atZone(STOCKHOLM).toInstant();
    }

    static String office(String... agencies) {
        return office(0, agencies);
    }

    static List<UUID> rooms(String officeId, int n) {
        List<UUID> rooms = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rooms.add(TestData.room(officeId, "Rum " + i));
        }
        return rooms;
    }

    /** An officer of {@code agency} set AVAILABLE. */
    static UUID officer(AgencyRef agency, List<String> languages, List<String> services) {
        UUID id = TestData.officer(agency.code(), languages, services);
        presence(id, agency.code(), "AVAILABLE");
        return id;
    }

    static UUID officer(AgencyRef agency) {
        return officer(agency, List.of("sv"), agency.services());
    }

    static void presence(UUID officer, String agency, String presence) {
        given().auth().oauth2(Tokens.officer(officer, agency)).contentType(ContentType.JSON)
                .body(Map.of("presence", presence))
                .put("/api/v1/officers/" + officer + "/presence").then().statusCode(200);
    }

    static Map<String, Object> body(String agency, String service, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("agency", agency);
        body.put("service", service);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    static Response create(String officeId, String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/offices/" + officeId + "/visits");
    }

    /** Issues a ticket at the desk and returns the visit id. */
    static UUID visit(String officeId, String agency, String service, Object... more) {
        return UUID.fromString(create(officeId, Tokens.desk(officeId), body(agency, service, more))
                .then().statusCode(201).extract().path("id"));
    }

    static Response next(UUID officer, String agency) {
        return given().auth().oauth2(Tokens.officer(officer, agency)).post("/api/v1/officers/" + officer + "/next");
    }

    /** Calls next and returns the id of the visit called (fails unless 200). */
    static UUID called(UUID officer, String agency) {
        return UUID.fromString(next(officer, agency).then().statusCode(200).extract().path("visit.id"));
    }

    static Response act(UUID visit, String action, String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).post("/api/v1/visits/" + visit + "/" + action);
    }

    static Response transfer(UUID visit, String token, String agency, String service) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("agency", agency, "service", service))
                .post("/api/v1/visits/" + visit + "/transfer");
    }

    static String status(UUID visit) {
        return (String) Sql.value("SELECT status FROM visit WHERE id = ?", visit);
    }

    static String roomStatus(UUID room) {
        return (String) Sql.value("SELECT status FROM room WHERE id = ?", room);
    }

    static String presence(UUID officer) {
        return (String) Sql.value("SELECT presence FROM case_officer WHERE id = ?", officer);
    }

    static UUID roomOf(UUID visit) {
        return (UUID) Sql.value("SELECT room_id FROM visit WHERE id = ?", visit);
    }

    static void roomStatus(String officeId, UUID room, String status) {
        given().auth().oauth2(Tokens.desk(officeId)).contentType(ContentType.JSON).body(Map.of("status", status))
                .put("/api/v1/offices/" + officeId + "/rooms/" + room + "/status").then().statusCode(200);
    }

    /** The visit's row and its room's and officer's state, to prove that a refused request changed nothing. */
    static List<Map<String, Object>> snapshot(UUID visit) {
        return Sql.rows("""
                SELECT v.*, r.status AS room_status, r.cleaning_until, c.presence,
                       (SELECT count(*) FROM visit_transition t WHERE t.visit_id = v.id) AS transitions,
                       (SELECT coalesce(sum(waiting), 0) FROM visit_queue_count q WHERE q.office_id = v.office_id)
                           AS waiting
                  FROM visit v LEFT JOIN room r ON r.id = v.room_id LEFT JOIN case_officer c ON c.id = v.officer_id
                 WHERE v.id = ?""", visit);
    }

    /** A timestamptz read through JDBC. */
    static java.time.Instant instant(Object value) {
        return value == null ? null : ((java.sql.Timestamp) value).toInstant();
    }

    static String desk(String officeId) {
        return Tokens.desk(officeId);
    }

    static String officerToken(UUID officer, String agency) {
        return Tokens.officer(officer, agency);
    }
}
