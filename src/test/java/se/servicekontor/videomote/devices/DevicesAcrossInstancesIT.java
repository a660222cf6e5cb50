package se.servicekontor.videomote.devices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import se.servicekontor.videomote.testing.Instances;
import se.servicekontor.videomote.testing.LiveClient;

/**
 * A device registered on one instance, paired on another and used on both; revoked on the first, it is refused on the
 * second at once (401) and its live sockets there close with 4003 within 2 s. Two instances of the packaged service
 * against one database, as in production.
 */
class DevicesAcrossInstancesIT {

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

    private static Response queue(Instances.Instance on, String office, String token) {
        return given().baseUri(on.url("")).auth().oauth2(token).get("/api/v1/offices/" + office + "/queue");
    }

    @Test
    void shouldPairOnOneInstanceAndRefuseARevokedDeviceOnEveryInstanceAtOnce() {
        String office = instances.agencyAndOffice(a).office();
        String desk = instances.desk(office);
        Response registered = given().baseUri(a.url("")).auth().oauth2(desk).contentType(ContentType.JSON)
                .body(Map.of("kind", "DISPLAY", "name", "Väntrumsskärm " + UUID.randomUUID()))
                .post("/api/v1/offices/" + office + "/devices");
        registered.then().statusCode(201);
        UUID device = UUID.fromString(registered.path("id"));
        String code = registered.path("pairingCode");

        String token = given().baseUri(b.url("")).contentType(ContentType.JSON).body(Map.of("pairingCode", code))
                .post("/api/v1/devices/pair").then().statusCode(200).extract().path("token");
        // Used once: the other instance refuses the same code.
        given().baseUri(a.url("")).contentType(ContentType.JSON).body(Map.of("pairingCode", code))
                .post("/api/v1/devices/pair").then().statusCode(404);
        queue(a, office, token).then().statusCode(200);
        queue(b, office, token).then().statusCode(200);

        String path = "/ws/v1/offices/" + office + "/display";
        try (LiveClient onA = LiveClient.connect(path, token, a.port());
                LiveClient onB = LiveClient.connect(path, token, b.port())) {
            assertThat(onA.next().getString("type")).isEqualTo("snapshot");
            assertThat(onB.next().getString("type")).isEqualTo("snapshot");

            long start = System.nanoTime();
            given().baseUri(a.url("")).auth().oauth2(desk).delete("/api/v1/devices/" + device).then().statusCode(204);
            // The instance that revoked refuses at once; the other within the same 2 s as its sockets close.
            queue(a, office, token).then().statusCode(401);
            assertThat(onB.closeCode(Duration.ofSeconds(2))).isEqualTo((short) 4003);
            assertThat(onA.closeCode(Duration.ofSeconds(2))).isEqualTo((short) 4003);
            queue(b, office, token).then().statusCode(401);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(LiveClient.upgradeStatus(path, token, b.port())).isEqualTo(401);
        }
    }
}
