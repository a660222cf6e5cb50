package se.servicekontor.videomote.privacy;

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
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/** Each privacy test's own world, built through the API, and reads of the access log behind the API's back. */
final class PrivacyFixtures {

    static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    /** Valid personnummer (date and Luhn) of made-up people. */
    static final String PERSON_A = "19900101-1239";
    static final String PERSON_B = "19750612-3459";
    static final String PERSON_C = "19850704-5675";

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private PrivacyFixtures() {
    }

    /** An agency (two services), an office offering it and {@code others}, rooms, and officers on shift {@code day}. */
    record World(AgencyRef agency, String office, List<UUID> rooms, List<UUID> officers) {
        String agencyCode() {
            return agency.code();
        }
    }

    static World world(int rooms, int officers, LocalDate day, String... others) {
        AgencyRef agency = TestData.agency();
        List<String> agencies = new ArrayList<>(List.of(agency.code()));
        agencies.addAll(List.of(others));
        String office = TestData.openAllDayOffice(agencies.toArray(String[]::new)).id();
        List<UUID> roomIds = new ArrayList<>();
        for (int i = 0; i < rooms; i++) {
            roomIds.add(TestData.room(office, "Rum " + (i + 1)));
        }
        List<UUID> officerIds = new ArrayList<>();
        for (int i = 0; i < officers; i++) {
            UUID officer = TestData.officer(agency.code(), List.of("sv"), agency.services());
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("start", at(day, "08:00").toString(), "end", at(day, "17:00").toString()))
                    .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);
            officerIds.add(officer);
        }
        return new World(agency, office, roomIds, officerIds);
    }

    static LocalDate tomorrow() {
        return LocalDate.now(STOCKHOLM).plusDays(1);
    }

    static OffsetDateTime at(LocalDate date, String localTime) {
        return ZonedDateTime.of(date, LocalTime.parse(localTime), STOCKHOLM).toOffsetDateTime();
    }

    static Map<String, Object> booking(World w, OffsetDateTime start, String name, String phone, String email,
            String personalNumber) {
        Map<String, Object> visitor = new HashMap<>();
        visitor.put("name", name);
        visitor.put("phone", phone);
        visitor.put("email", email);
        if (personalNumber != null) {
            visitor.put("personalNumber", personalNumber);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("office", w.office());
        body.put("agency", w.agencyCode());
        body.put("service", "svc-a");
        body.put("start", start.toString());
        body.put("visitor", visitor);
        return body;
    }

    /** Books as the office's desk; answers the booking's id. */
    static UUID book(World w, Map<String, Object> body) {
        return UUID.fromString(given().auth().oauth2(Tokens.desk(w.office())).contentType(ContentType.JSON).body(body)
                .post("/api/v1/bookings").then().statusCode(201).extract().path("id"));
    }

    static void available(UUID officer, String agency) {
        given().auth().oauth2(Tokens.officer(officer, agency)).contentType(ContentType.JSON)
                .body(Map.of("presence", "AVAILABLE")).put("/api/v1/officers/" + officer + "/presence")
                .then().statusCode(200);
    }

    /** A walk-in ticket issued by the desk, with the visitor's name; answers the visit id. */
    static UUID walkIn(String office, String agency, String name) {
        return UUID.fromString(given().auth().oauth2(Tokens.desk(office)).contentType(ContentType.JSON)
                .body(Map.of("agency", agency, "service", "svc-a", "visitorName", name))
                .post("/api/v1/offices/" + office + "/visits").then().statusCode(201).extract().path("id"));
    }

    /** Access-log rows about {@code resourceId} with {@code action} by {@code actor}. */
    static long audits(UUID resourceId, String action, String actor) {
        return Sql.count("SELECT count(*) FROM audit_log WHERE resource_id = ? AND action = ? AND actor = ?",
                resourceId, action, actor);
    }

    static long audits(UUID resourceId) {
        return Sql.count("SELECT count(*) FROM audit_log WHERE resource_id = ?", resourceId);
    }
}
