package se.servicekontor.videomote.video;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.restassured.path.json.JsonPath;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/**
 * A visit's setting for video tests: an agency, an office with a visitor room, an officer, and a waiting visit.
 * Sessions are opened and ended through {@link VideoService} in a transaction, as the visits do when they call and
 * end a visit; {@code VisitVideoTest} covers the visits doing it themselves.
 */
record VideoFixtures(String agency, String office, UUID room, UUID officer, UUID visit) {

    static final Duration WAIT = Duration.ofSeconds(10);

    static VideoFixtures create() {
        String agency = TestData.agency().code();
        String office = TestData.office(agency).id();
        UUID room = TestData.room(office, "Besöksrum 1");
        UUID officer = TestData.officer(agency, List.of("sv"), List.of("svc-a"));
        return new VideoFixtures(agency, office, room, officer, newVisit(office, agency));
    }

    /** A waiting visit (a ticket issued at the desk) at {@code office} for {@code agency}. */
    static UUID newVisit(String office, String agency) {
        return UUID.fromString(given().auth().oauth2(Tokens.desk(office)).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("agency", agency, "service", "svc-a", "afterHours", true)) // whatever the time of day
                .post("/api/v1/offices/" + office + "/visits").then().statusCode(201).extract().path("id"));
    }

    VideoParticipants participants() {
        return new VideoParticipants(visit, office, room, officer);
    }

    VideoSessionView open(Db db, VideoService video) {
        return db.inTransaction(tx -> video.open(tx, participants())).await().atMost(WAIT);
    }

    VideoSessionView open(Db db, VideoService video, ProviderKind provider) {
        return db.inTransaction(tx -> video.open(tx, participants(), provider)).await().atMost(WAIT);
    }

    void end(Db db, VideoService video, String reason) {
        db.inTransaction(tx -> video.end(tx, visit, reason)).await().atMost(WAIT);
    }

    String officerToken() {
        return Tokens.officer(officer, agency);
    }

    String roomToken() {
        return Tokens.room(office, room);
    }

    String deskToken() {
        return Tokens.desk(office);
    }

    /** The session answer for the officer serving the visit. */
    JsonPath officerView() {
        return given().auth().oauth2(officerToken()).get("/api/v1/visits/" + visit + "/video").then().statusCode(200)
                .extract().jsonPath();
    }

    /** The session answer for the room terminal. */
    JsonPath roomView() {
        return given().auth().oauth2(roomToken()).get("/api/v1/rooms/" + room + "/video").then().statusCode(200)
                .extract().jsonPath();
    }

    /** The signaling path with a join token, as a browser connects. */
    static String signaling(Object sessionId, String joinToken) {
        return "/ws/v1/video/" + sessionId + "?token=" + java.net.URLEncoder.encode(joinToken,
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
