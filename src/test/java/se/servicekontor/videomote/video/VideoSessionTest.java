package se.servicekontor.videomote.video;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** Opening and ending sessions, and who gets which join. */
@QuarkusTest
class VideoSessionTest {

    @Inject
    Db db;

    @Inject
    VideoService video;

    @Test
    void shouldTellTheRoomTerminalAndTheOfficerThatASessionIsReadyWhenItOpens() {
        VideoFixtures f = VideoFixtures.create();
        try (LiveClient room = LiveClient.connect("/ws/v1/rooms/" + f.room(), f.roomToken());
                LiveClient officer = LiveClient.connect("/ws/v1/officers/" + f.officer(), f.officerToken())) {
            JsonObject roomSnapshot = room.next();
            assertThat(roomSnapshot.getJsonObject("data").getValue("video")).isNull();
            assertThat(officer.next().getJsonObject("data").getJsonArray("video")).isEmpty();

            VideoSessionView opened = f.open(db, video);

            JsonObject ready = room.nextOfType("video.ready", VideoFixtures.WAIT);
            assertThat(ready.getJsonObject("data").fieldNames())
                    .containsExactlyInAnyOrder("sessionId", "provider", "roomId", "openedAt", "joinPath");
            assertThat(ready.getJsonObject("data").getString("sessionId")).isEqualTo(opened.sessionId().toString());
            assertThat(ready.getJsonObject("data").getString("joinPath")).isEqualTo("/api/v1/rooms/" + f.room() + "/video");
            JsonObject officerReady = officer.nextOfType("video.ready", VideoFixtures.WAIT);
            assertThat(officerReady.getJsonObject("data").getString("visitId")).isEqualTo(f.visit().toString());
            assertThat(officerReady.getJsonObject("data").getString("joinPath"))
                    .isEqualTo("/api/v1/visits/" + f.visit() + "/video");
        }
        // A terminal that connects later finds the session in its snapshot.
        try (LiveClient room = LiveClient.connect("/ws/v1/rooms/" + f.room(), f.roomToken());
                LiveClient officer = LiveClient.connect("/ws/v1/officers/" + f.officer(), f.officerToken())) {
            assertThat(room.next().getJsonObject("data").getJsonObject("video").getString("roomId"))
                    .isEqualTo(f.room().toString());
            assertThat(officer.next().getJsonObject("data").getJsonArray("video").getJsonObject(0).getString("visitId"))
                    .isEqualTo(f.visit().toString());
        }
    }

    @Test
    void shouldAnswerTheOfficerWithItsOwnJoinWhenTheSessionOpens() {
        VideoFixtures f = VideoFixtures.create();
        VideoSessionView opened = f.open(db, video);
        assertThat(opened.provider()).isEqualTo("BUILTIN");
        assertThat(opened.visitId()).isEqualTo(f.visit());
        assertThat(opened.officerJoin().url()).isEqualTo("/ws/v1/video/" + opened.sessionId());
        assertThat(opened.officerJoin().token()).isNotBlank();
        assertThat(opened.roomJoin().url()).isEqualTo("/ws/v1/video/" + opened.sessionId());
        assertThat(opened.roomJoin().token()).isNull();
        assertThat(Sql.count("SELECT count(*) FROM video_session WHERE visit_id = ? AND ended_at IS NULL", f.visit()))
                .isEqualTo(1);
    }

    @Test
    void shouldHandEachRoleOnlyTheJoinItMayUse() {
        VideoFixtures f = VideoFixtures.create();
        VideoSessionView opened = f.open(db, video);

        JsonPath officer = f.officerView();
        assertThat(officer.getString("sessionId")).isEqualTo(opened.sessionId().toString());
        assertThat(officer.getString("officerJoin.token")).isNotBlank();
        assertThat(officer.getMap("roomJoin")).containsOnlyKeys("url");
        assertThat(OffsetDateTime.parse(officer.getString("expiresAt"))).isAfter(OffsetDateTime.now());

        JsonPath desk = given().auth().oauth2(f.deskToken()).get("/api/v1/visits/" + f.visit() + "/video").then()
                .statusCode(200).extract().jsonPath();
        assertThat(desk.getString("roomJoin.token")).isNotBlank();
        assertThat(desk.getMap("officerJoin")).containsOnlyKeys("url");

        JsonPath room = f.roomView();
        assertThat(room.getString("sessionId")).isEqualTo(opened.sessionId().toString());
        assertThat(room.getString("roomJoin.token")).isNotBlank();
        assertThat(room.getMap("officerJoin")).containsOnlyKeys("url");

        JsonPath admin = given().auth().oauth2(Tokens.admin()).get("/api/v1/visits/" + f.visit() + "/video").then()
                .statusCode(200).extract().jsonPath();
        assertThat(admin.getMap("officerJoin")).containsOnlyKeys("url");
        assertThat(admin.getMap("roomJoin")).containsOnlyKeys("url");
        assertThat(admin.getList("iceServers")).isNull();
    }

    @Test
    void shouldHideTheSessionFromEveryoneElse() {
        VideoFixtures f = VideoFixtures.create();
        f.open(db, video);
        String path = "/api/v1/visits/" + f.visit() + "/video";
        UUID otherOfficer = TestData.officer(f.agency(), List.of("sv"), List.of("svc-a"));
        given().auth().oauth2(Tokens.officer(otherOfficer, f.agency())).get(path).then().statusCode(404);
        String otherOffice = TestData.office(f.agency()).id();
        given().auth().oauth2(Tokens.desk(otherOffice)).get(path).then().statusCode(404);
        given().auth().oauth2(Tokens.kiosk(f.office())).get(path).then().statusCode(403);
        given().auth().oauth2(f.roomToken()).get(path).then().statusCode(403);
        given().get(path).then().statusCode(401);

        String roomPath = "/api/v1/rooms/" + f.room() + "/video";
        UUID otherRoom = TestData.room(f.office(), "Besöksrum 2");
        given().auth().oauth2(Tokens.room(f.office(), otherRoom)).get(roomPath).then().statusCode(404);
        given().auth().oauth2(f.officerToken()).get(roomPath).then().statusCode(403);
        given().auth().oauth2(f.deskToken()).get(roomPath).then().statusCode(403);
        given().auth().oauth2(Tokens.room(f.office(), otherRoom)).get("/api/v1/rooms/" + otherRoom + "/video").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void shouldHandTheConfiguredStunAndTurnServersWithTurnCredentialsOfTheirOwn() throws Exception {
        VideoFixtures f = VideoFixtures.create();
        VideoSessionView opened = f.open(db, video);
        JsonPath officer = f.officerView();
        List<Map<String, Object>> servers = officer.getList("iceServers");
        assertThat(servers).hasSize(2);
        assertThat(servers.get(0)).containsOnlyKeys("urls").containsEntry("urls", List.of("stun:127.0.0.1:3478"));
        Map<String, Object> turn = servers.get(1);
        assertThat(turn.get("urls")).isEqualTo(List.of("turn:127.0.0.1:3479?transport=udp"));
        String username = (String) turn.get("username");
        assertThat(username).endsWith(":videomote-" + opened.sessionId());
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry).isBetween(System.currentTimeMillis() / 1000 + 7 * 3600, System.currentTimeMillis() / 1000 + 9 * 3600);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("test-turn-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertThat(turn.get("credential"))
                .isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void shouldEndTheSessionWithTheVisitAndTellBothSides() {
        VideoFixtures f = VideoFixtures.create();
        VideoSessionView opened = f.open(db, video);
        try (LiveClient room = LiveClient.connect("/ws/v1/rooms/" + f.room(), f.roomToken());
                LiveClient officer = LiveClient.connect("/ws/v1/officers/" + f.officer(), f.officerToken())) {
            room.next();
            officer.next();
            f.end(db, video, "COMPLETED");
            JsonObject ended = room.nextOfType("video.ended", VideoFixtures.WAIT);
            assertThat(ended.getJsonObject("data").getString("sessionId")).isEqualTo(opened.sessionId().toString());
            assertThat(ended.getJsonObject("data").getString("reason")).isEqualTo("COMPLETED");
            assertThat(officer.nextOfType("video.ended", VideoFixtures.WAIT).getJsonObject("data").getString("visitId"))
                    .isEqualTo(f.visit().toString());
        }
        given().auth().oauth2(f.officerToken()).get("/api/v1/visits/" + f.visit() + "/video").then().statusCode(404);
        given().auth().oauth2(f.roomToken()).get("/api/v1/rooms/" + f.room() + "/video").then().statusCode(404);
        assertThat(Sql.rows("SELECT end_reason, join_key FROM video_session WHERE id = ?", opened.sessionId()).get(0))
                .containsEntry("end_reason", "COMPLETED").containsEntry("join_key", null);

        // Ending again, or a visit that never had a session, changes nothing.
        f.end(db, video, "CANCELLED");
        db.inTransaction(tx -> video.end(tx, UUID.randomUUID(), "CANCELLED")).await().atMost(VideoFixtures.WAIT);
        assertThat(Sql.value("SELECT end_reason FROM video_session WHERE id = ?", opened.sessionId())).isEqualTo("COMPLETED");

        // A requeued visit that is called again gets a new session in the same room.
        VideoSessionView again = f.open(db, video);
        assertThat(again.sessionId()).isNotEqualTo(opened.sessionId());
        assertThat(f.officerView().getString("sessionId")).isEqualTo(again.sessionId().toString());
    }

    @Test
    void shouldNeverOpenTwoSessionsForOneRoomOrOneVisitAndNeverForAnotherOfficesRoom() {
        VideoFixtures f = VideoFixtures.create();
        f.open(db, video);
        VideoFixtures sameRoom = new VideoFixtures(f.agency(), f.office(), f.room(), f.officer(),
                VideoFixtures.newVisit(f.office(), f.agency()));
        assertThatThrownBy(() -> sameRoom.open(db, video)).hasMessageContaining("video_session_open_room_idx");
        UUID otherRoom = TestData.room(f.office(), "Besöksrum 3");
        VideoFixtures sameVisit = new VideoFixtures(f.agency(), f.office(), otherRoom, f.officer(), f.visit());
        assertThatThrownBy(() -> sameVisit.open(db, video)).hasMessageContaining("video_session_open_visit_idx");
        String otherOffice = TestData.office(f.agency()).id();
        VideoFixtures wrongOffice = new VideoFixtures(f.agency(), otherOffice, otherRoom, f.officer(),
                VideoFixtures.newVisit(otherOffice, f.agency()));
        assertThatThrownBy(() -> wrongOffice.open(db, video)).hasMessageContaining("Room '" + otherRoom + "' was not found");
        assertThat(Sql.count("SELECT count(*) FROM video_session WHERE office_id = ?", f.office())).isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM video_session WHERE office_id = ?", otherOffice)).isZero();
    }

    @Test
    void shouldRefuseAnEndReasonThatIsNotAnOutcome() {
        VideoFixtures f = VideoFixtures.create();
        f.open(db, video);
        assertThatThrownBy(() -> f.end(db, video, "done; DROP TABLE")).isInstanceOf(IllegalArgumentException.class);
        assertThat(f.officerView().getString("provider")).isEqualTo("BUILTIN");
    }

    @Test
    void shouldDocumentTheEndpointsInOpenApi() {
        String openApi = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(openApi).contains("/api/v1/visits/{visitId}/video", "/api/v1/rooms/{roomId}/video",
                "Video sessions", "never handed to anyone else");
    }
}
