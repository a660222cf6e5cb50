package se.servicekontor.videomote.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.testing.Instances;
import se.servicekontor.videomote.testing.LiveClient;

/** Two instances of the packaged service against one database, as in production. */
class LiveAcrossInstancesIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Instances instances;
    private static Instances.Instance a;
    private static Instances.Instance b;

    @BeforeAll
    static void start() throws Exception {
        instances = new Instances();
        a = instances.start("a");
        b = instances.start("b");
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
    }

    private static String office(Instances.Instance on) {
        return instances.agencyAndOffice(on).office();
    }

    private static UUID room(Instances.Instance on, String office) {
        return UUID.fromString(given().baseUri(on.url("")).auth().oauth2(instances.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Rum " + UUID.randomUUID())).post("/api/v1/offices/" + office + "/rooms")
                .then().statusCode(201).extract().path("id"));
    }

    private static void setStatus(Instances.Instance on, String office, UUID room, String status) {
        given().baseUri(on.url("")).auth().oauth2(instances.desk(office)).contentType(ContentType.JSON)
                .body(Map.of("status", status)).put("/api/v1/offices/" + office + "/rooms/" + room + "/status")
                .then().statusCode(200);
    }

    private static long listeners() throws Exception {
        try (var c = instances.sql(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                        + LiveListener.APPLICATION_NAME + "' AND datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldDeliverEventsCausedOnOneInstanceToClientsOfAnotherAndSurviveALostListener() throws Exception {
        String office = office(a);
        UUID room = room(a, office);
        try (LiveClient onB = LiveClient.connect("/ws/v1/offices/" + office + "/desk", instances.desk(office), b.port())) {
            assertThat(onB.next(WAIT).getString("type")).isEqualTo("snapshot");
            setStatus(a, office, room, "CLEANING");
            JsonObject event = onB.next(WAIT);
            assertThat(event.getString("type")).isEqualTo("room.status");
            assertThat(event.getJsonObject("data").getString("status")).isEqualTo("CLEANING");

            // Kill every instance's LISTEN connection: B must catch up by itself, then listen again.
            try (var c = instances.sql(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                        + LiveListener.APPLICATION_NAME + "' AND datname = current_database()");
            }
            setStatus(a, office, room, "OUT_OF_SERVICE");
            setStatus(a, office, room, "AVAILABLE");
            assertThat(onB.next(2, WAIT)).extracting(e -> e.getJsonObject("data").getString("status"))
                    .containsExactly("OUT_OF_SERVICE", "AVAILABLE");
            await().atMost(WAIT).until(() -> listeners() == 2);
        }
    }

    @Test
    void shouldCloseWithGoingAwayOnShutdownSoClientsResumeElsewhere() throws Exception {
        Instances.Instance c = instances.start("c");
        String office = office(a);
        UUID room = room(a, office);
        LiveClient onC = LiveClient.connect("/ws/v1/offices/" + office + "/desk", instances.desk(office), c.port());
        long seq = onC.next(WAIT).getLong("seq");
        setStatus(a, office, room, "CLEANING");
        seq = onC.next(WAIT).getLong("seq");

        c.stop();
        assertThat(onC.closeCode(WAIT)).isEqualTo((short) 1001);

        setStatus(a, office, room, "AVAILABLE");
        try (LiveClient onA = LiveClient.connect("/ws/v1/offices/" + office + "/desk?after=" + seq, instances.desk(office),
                a.port())) {
            JsonObject resumed = onA.next(WAIT);
            assertThat(resumed.getString("type")).isEqualTo("room.status");
            assertThat(resumed.getLong("seq")).isEqualTo(seq + 1);
            assertThat(resumed.getJsonObject("data").getString("status")).isEqualTo("AVAILABLE");
        }
    }
}
