package se.servicekontor.videomote.video;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.Instances;

/** The signaling relay with the room terminal and the officer connected to different instances of the service. */
class VideoAcrossInstancesIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Instances instances;
    private static Instances.Instance a;
    private static Instances.Instance b;

    @BeforeAll
    static void start() throws Exception {
        instances = new Instances();
        a = instances.start("video-a");
        b = instances.start("video-b");
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
    }

    /** An office, room and officer, and a visit called by the officer, which opens its session. */
    private record Call(UUID session, String roomPath, String officerPath, UUID visit, String officerBearer) {
    }

    private static Call call() throws Exception {
        String admin = instances.admin();
        Instances.AgencyOffice created = instances.agencyAndOffice(a);
        String agency = created.agency();
        String office = created.office();
        UUID room = UUID.fromString(given().baseUri(a.url("")).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "Rum 1")).post("/api/v1/offices/" + office + "/rooms")
                .then().statusCode(201).extract().path("id"));
        UUID officer = UUID.fromString(given().baseUri(a.url("")).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("agency", agency, "name", "Handläggare IT", "languages", List.of("sv"), "services", List.of("s")))
                .post("/api/v1/officers").then().statusCode(201).extract().path("id"));

        // The real path: a ticket at the desk, the officer (on instance B) presses "next", which opens the session.
        given().baseUri(a.url("")).auth().oauth2(instances.desk(office)).contentType(ContentType.JSON)
                .body(Map.of("agency", agency, "service", "s", "afterHours", true)).post("/api/v1/offices/" + office + "/visits")
                .then().statusCode(201);
        String officerBearer = instances.token(officer.toString(), Set.of("officer"), "agency", agency);
        given().baseUri(a.url("")).auth().oauth2(officerBearer).contentType(ContentType.JSON)
                .body(Map.of("presence", "AVAILABLE")).put("/api/v1/officers/" + officer + "/presence")
                .then().statusCode(200);
        var next = given().baseUri(b.url("")).auth().oauth2(officerBearer).post("/api/v1/officers/" + officer + "/next")
                .then().statusCode(200).extract();
        UUID visit = UUID.fromString(next.path("visit.id"));
        UUID session = UUID.fromString(next.path("video.sessionId"));
        String officerJoin = next.path("video.officerJoin.token");
        String roomJoin = given().baseUri(a.url("")).auth().oauth2(instances.desk(office)).get("/api/v1/visits/" + visit + "/video")
                .then().statusCode(200).extract().path("roomJoin.token");
        return new Call(session, VideoFixtures.signaling(session, roomJoin), VideoFixtures.signaling(session, officerJoin),
                visit, officerBearer);
    }

    @Test
    void shouldRelayBetweenPeersOnDifferentInstancesAndKeepToTwoPeersAcrossThem() throws Exception {
        Call c = call();
        try (LiveClient officer = LiveClient.open(c.officerPath(), b.port());
                LiveClient room = LiveClient.open(c.roomPath(), a.port())) {
            String officerId = officer.next(WAIT).getString("you");
            JsonObject roomWelcome = room.next(WAIT);
            assertThat(roomWelcome.getString("peer")).isEqualTo(officerId);
            assertThat(officer.next(WAIT).getString("peer")).isEqualTo(roomWelcome.getString("you")); // peer-joined
            // Both sides joined, on different instances: the visit started by itself, and can be completed.
            try (java.sql.Connection sql = instances.sql();
                    java.sql.PreparedStatement status = sql.prepareStatement("SELECT status FROM visit WHERE id = ?")) {
                status.setObject(1, c.visit());
                try (java.sql.ResultSet rs = status.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("IN_MEETING");
                }
            }
            given().baseUri(b.url("")).auth().oauth2(c.officerBearer()).post("/api/v1/visits/" + c.visit() + "/start")
                    .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("IN_MEETING"));

            officer.send(new JsonObject().put("type", "offer").put("sdp", "v=0 from B"));
            JsonObject offer = room.next(WAIT);
            assertThat(offer.getString("type")).isEqualTo("offer");
            assertThat(offer.getString("sdp")).isEqualTo("v=0 from B");
            assertThat(offer.getString("peer")).isEqualTo(officerId);

            room.send(new JsonObject().put("type", "answer").put("sdp", "v=0 from A"));
            room.send(new JsonObject().put("type", "candidate").put("candidate", new JsonObject()
                    .put("candidate", "candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host").put("sdpMid", "0")
                    .put("sdpMLineIndex", 0)));
            assertThat(officer.next(WAIT).getString("sdp")).isEqualTo("v=0 from A");
            assertThat(officer.next(WAIT).getJsonObject("candidate").getString("sdpMid")).isEqualTo("0");

            // A third client is refused on either instance.
            assertThat(LiveClient.upgradeStatus(c.officerPath(), null, a.port())).isEqualTo(409);
            assertThat(LiveClient.upgradeStatus(c.roomPath(), null, b.port())).isEqualTo(409);

            room.close();
            JsonObject left = officer.next(WAIT);
            assertThat(left.getString("type")).isEqualTo("peer-left");
            assertThat(left.getString("from")).isEqualTo("room");
            officer.assertQuiet(Duration.ofMillis(500));
        }
    }

    @Test
    void shouldReleaseASideOnShutdownSoThatItReconnectsToAnotherInstanceAtOnce() throws Exception {
        Instances.Instance c = instances.start("video-c");
        Call call = call();
        LiveClient onC = LiveClient.open(call.roomPath(), c.port());
        assertThat(onC.next(WAIT).getString("type")).isEqualTo("welcome");
        c.stop();
        assertThat(onC.closeCode(WAIT)).isEqualTo((short) 1001);
        try (LiveClient onA = LiveClient.open(call.roomPath(), a.port())) {
            JsonObject welcome = onA.next(WAIT);
            assertThat(welcome.getString("type")).isEqualTo("welcome");
            try (LiveClient officer = LiveClient.open(call.officerPath(), b.port())) {
                assertThat(officer.next(WAIT).getString("peer")).isEqualTo(welcome.getString("you"));
                assertThat(onA.next(WAIT).getString("type")).isEqualTo("peer-joined");
            }
        }
    }
}
