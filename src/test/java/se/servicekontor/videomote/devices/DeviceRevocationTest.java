package se.servicekontor.videomote.devices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;
import static se.servicekontor.videomote.devices.DeviceFixtures.client;
import static se.servicekontor.videomote.devices.DeviceFixtures.pair;
import static se.servicekontor.videomote.devices.DeviceFixtures.registered;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.devices.DeviceFixtures.Registered;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class DeviceRevocationTest {

    @Test
    void shouldLetDeviceTokensOpenLiveStreamsWithTheHeaderOrTheBrowserSubprotocol() {
        String office = TestData.office().id();
        UUID room = TestData.room(office, "Rum 1");
        String display = DeviceFixtures.pairedToken(office, Tokens.desk(office), "DISPLAY", null);
        String terminal = DeviceFixtures.pairedToken(office, Tokens.admin(), "ROOM", room);
        try (LiveClient header = LiveClient.connect("/ws/v1/offices/" + office + "/display", display);
                LiveClient browser = LiveClient.connectLikeABrowser("/ws/v1/offices/" + office + "/display", display);
                LiveClient roomSocket = LiveClient.connect("/ws/v1/rooms/" + room, terminal)) {
            assertThat(header.next().getString("type")).isEqualTo("snapshot");
            assertThat(browser.next().getString("type")).isEqualTo("snapshot");
            assertThat(browser.subprotocol()).isEqualTo("videomote.v1");
            assertThat(roomSocket.next().getString("type")).isEqualTo("snapshot");
        }
        String other = TestData.office().id();
        UUID otherRoom = TestData.room(office, "Rum 2");
        assertThat(LiveClient.upgradeStatus("/ws/v1/offices/" + other + "/display", display)).isEqualTo(403);
        assertThat(LiveClient.upgradeStatus("/ws/v1/offices/" + office + "/desk", display)).isEqualTo(403);
        assertThat(LiveClient.upgradeStatus("/ws/v1/rooms/" + otherRoom, terminal)).isEqualTo(403);
        assertThat(LiveClient.upgradeStatus("/ws/v1/offices/" + office + "/display", "vmd_" + "x".repeat(43)))
                .isEqualTo(401);
    }

    @Test
    void shouldCloseTheSocketsOfARevokedDeviceWith4003WithinTwoSecondsAndAnswer401() {
        String office = TestData.office().id();
        String desk = Tokens.desk(office);
        Registered device = registered(office, desk, "DISPLAY", null);
        String token = pair(device.code(), client()).then().statusCode(200).extract().path("token");
        String other = DeviceFixtures.pairedToken(office, desk, "DISPLAY", null);
        String path = "/ws/v1/offices/" + office + "/display";
        try (LiveClient header = LiveClient.connect(path, token);
                LiveClient browser = LiveClient.connectLikeABrowser(path, token);
                LiveClient bystander = LiveClient.connect(path, other)) {
            header.next();
            browser.next();
            bystander.next();
            given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);

            long start = System.nanoTime();
            DeviceFixtures.revoke(device.id(), desk).then().statusCode(204);
            assertThat(header.closeCode(Duration.ofSeconds(2))).isEqualTo((short) 4003);
            assertThat(browser.closeCode(Duration.ofSeconds(2))).isEqualTo((short) 4003);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

            given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(401);
            assertThat(LiveClient.upgradeStatus(path, token)).isEqualTo(401);
            // Another device of the office carries on.
            assertThat(bystander.isClosed()).isFalse();
            given().auth().oauth2(other).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
        }
        given().auth().oauth2(desk).get("/api/v1/offices/" + office + "/devices").then().statusCode(200)
                .body("find { it.id == '" + device.id() + "' }.revokedAt", notNullValue());
        DeviceFixtures.revoke(device.id(), desk).then().statusCode(204);
        given().auth().oauth2(desk).post("/api/v1/devices/" + device.id() + "/pairing-code").then().statusCode(409);
    }

    @Test
    void shouldVoidTheCodeOfADeviceRevokedBeforePairing() {
        String office = TestData.office().id();
        Registered device = registered(office, Tokens.admin(), "KIOSK", null);
        DeviceFixtures.revoke(device.id(), Tokens.admin()).then().statusCode(204);
        pair(device.code(), client()).then().statusCode(404);
    }

    @Test
    void shouldReplaceTheTokenWhenADevicePairsAgain() {
        String office = TestData.office().id();
        String desk = Tokens.desk(office);
        Registered device = registered(office, desk, "DISPLAY", null);
        String first = pair(device.code(), client()).then().statusCode(200).extract().path("token");
        String path = "/ws/v1/offices/" + office + "/display";
        try (LiveClient old = LiveClient.connect(path, first)) {
            old.next();
            String code = given().auth().oauth2(desk).post("/api/v1/devices/" + device.id() + "/pairing-code").then()
                    .statusCode(200).extract().path("pairingCode");
            // Until the new code is used, the current token keeps working.
            given().auth().oauth2(first).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
            String second = pair(code, client()).then().statusCode(200).extract().path("token");
            assertThat(second).isNotEqualTo(first);
            assertThat(old.closeCode(Duration.ofSeconds(2))).isEqualTo((short) 4003);
            given().auth().oauth2(first).get("/api/v1/offices/" + office + "/queue").then().statusCode(401);
            given().auth().oauth2(second).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
        }
    }

    @Test
    void shouldNeverWriteACodeOrATokenToTheLog() {
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage()
                        : record.getMessage();
                synchronized (lines) {
                    lines.add(record.getLoggerName() + " " + message + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>();
        try {
            String office = TestData.office().id();
            String desk = Tokens.desk(office);
            Registered device = registered(office, desk, "KIOSK", null);
            secrets.add(device.code());
            pair("ZZZZZ-ZZZZZ", client()).then().statusCode(404);
            String token = pair(device.code(), client()).then().statusCode(200).extract().path("token");
            secrets.add(token);
            pair(device.code(), client()).then().statusCode(404);
            given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
            try (LiveClient socket = LiveClient.connect("/ws/v1/offices/" + office + "/display", token)) {
                socket.next();
                String code = given().auth().oauth2(desk).post("/api/v1/devices/" + device.id() + "/pairing-code")
                        .then().statusCode(200).extract().path("pairingCode");
                secrets.add(code);
                DeviceFixtures.revoke(device.id(), desk).then().statusCode(204);
                socket.closeCode(Duration.ofSeconds(2));
            }
            given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(401);
            LiveClient.upgradeStatus("/ws/v1/offices/" + office + "/display", token);
        } finally {
            root.removeHandler(capture);
        }
        synchronized (lines) {
            assertThat(lines).as("log lines captured").isNotEmpty();
            for (String secret : secrets) {
                String compact = secret.replace("-", "");
                assertThat(lines).noneMatch(line -> line.contains(secret) || line.contains(compact));
            }
            assertThat(lines).noneMatch(line -> line.contains("vmd_"));
        }
    }
}
