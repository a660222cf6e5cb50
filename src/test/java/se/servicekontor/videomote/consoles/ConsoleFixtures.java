package se.servicekontor.videomote.consoles;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** An office of its own for one test: an agency, a room, an officer, and the office with a cleaning buffer. */
record ConsoleFixtures(TestData.AgencyRef agency, String office, String officeName, UUID room, String roomName,
        UUID officer, String officerName) {

    static ConsoleFixtures create() {
        TestData.AgencyRef agency = TestData.agency();
        String office = TestData.office(agency.code()).id();
        String officeName = "Office " + office;
        // A cleaning buffer, so the desk sees the room go to CLEANING after the meeting.
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("id", office, "name", officeName, "municipality", "Testby", "kind", "FIXED",
                        "timeZone", "Europe/Stockholm", "openingHours", allDay(), "agencies", List.of(agency.code()),
                        "cleaningBufferMinutes", 5))
                .put("/api/v1/offices/" + office).then().statusCode(200);
        String roomName = "Rum " + TestData.slug("r");
        UUID room = TestData.room(office, roomName);
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a", "svc-b"));
        TestData.onShiftNow(officer); // the kiosk refuses walk-ins nobody on duty can serve
        String officerName = given().auth().oauth2(Tokens.admin()).get("/api/v1/officers/" + officer).then()
                .statusCode(200).extract().path("name");
        return new ConsoleFixtures(agency, office, officeName, room, roomName, officer, officerName);
    }

    /** Open 00:00-23:59 every day: walk-ins are refused outside opening hours, whatever time the tests run at. */
    private static List<Map<String, String>> allDay() {
        return java.util.stream.Stream.of(java.time.DayOfWeek.values())
                .map(day -> Map.of("day", day.name(), "opens", "00:00", "closes", "23:59")).toList();
    }

    String deskToken() {
        return Tokens.desk(office);
    }

    String kioskToken() {
        return Tokens.kiosk(office);
    }

    String roomToken() {
        return Tokens.room(office, room);
    }

    String officerToken() {
        return Tokens.officer(officer, agency.code());
    }

    /** A walk-in ticket issued over the API (events for the screens to follow); its visit id. */
    String walkIn(String visitorName) {
        Map<String, Object> body = visitorName == null ? Map.of("agency", agency.code(), "service", "svc-a")
                : Map.of("agency", agency.code(), "service", "svc-a", "visitorName", visitorName);
        return given().auth().oauth2(deskToken()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/offices/" + office + "/visits").then().statusCode(201).extract().path("id");
    }

    void cancel(String visitId) {
        given().auth().oauth2(deskToken()).post("/api/v1/visits/" + visitId + "/cancel").then().statusCode(200);
    }
}
