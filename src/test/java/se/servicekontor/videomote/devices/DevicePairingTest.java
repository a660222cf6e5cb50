package se.servicekontor.videomote.devices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static se.servicekontor.videomote.devices.DeviceFixtures.client;
import static se.servicekontor.videomote.devices.DeviceFixtures.pair;
import static se.servicekontor.videomote.devices.DeviceFixtures.register;
import static se.servicekontor.videomote.devices.DeviceFixtures.registered;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.devices.DeviceFixtures.Registered;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class DevicePairingTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldRegisterADeviceWithAReadableCodeAndPairItOnceForAKioskToken() {
        String office = TestData.office().id();
        var created = register(office, Tokens.desk(office), "KIOSK", "Kiosk vid entrén", null).then().statusCode(201)
                .header("Location", notNullValue())
                .body("kind", equalTo("KIOSK")).body("name", equalTo("Kiosk vid entrén")).body("office", equalTo(office))
                .body("room", nullValue())
                .body("pairingCode", matchesPattern("[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}"))
                .extract();
        UUID id = UUID.fromString(created.path("id"));
        String code = created.path("pairingCode");
        OffsetDateTime expires = OffsetDateTime.parse(created.path("pairingExpiresAt"));
        assertThat(Duration.between(OffsetDateTime.now(), expires)).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));

        // Typed as people do: lower case, a space instead of the hyphen.
        String typed = code.toLowerCase().replace('-', ' ');
        var paired = pair(typed, client()).then().statusCode(200)
                .body("deviceId", equalTo(id.toString())).body("kind", equalTo("KIOSK")).body("office", equalTo(office))
                .body("token", matchesPattern("vmd_[A-Za-z0-9_-]{43}")).extract();
        String token = paired.path("token");

        given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
        // A kiosk token sees only its office.
        String other = TestData.office().id();
        given().auth().oauth2(token).get("/api/v1/offices/" + other + "/queue").then().statusCode(404);
        // Not a desk: cannot register devices.
        register(office, token, "KIOSK", "Nope", null).then().statusCode(403);

        // Single use.
        pair(code, client()).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));

        // Only hashes are stored.
        var row = Sql.rows("SELECT pairing_code_hash, token_hash, paired_at FROM device WHERE id = ?", id).get(0);
        assertThat(row.get("pairing_code_hash")).isNull();
        assertThat((byte[]) row.get("token_hash")).hasSize(32);
        assertThat(row.get("paired_at")).isNotNull();
        assertThat(Sql.count("SELECT count(*) FROM device WHERE encode(token_hash, 'escape') LIKE ?", "%" + token + "%"))
                .isZero();
    }

    @Test
    void shouldPairARoomTerminalForItsOwnRoomOnly() {
        String office = TestData.office().id();
        UUID room = TestData.room(office, "Rum 1");
        UUID otherRoom = TestData.room(office, "Rum 2");
        Registered device = registered(office, Tokens.admin(), "ROOM", room);
        pair(device.code(), client()).then().statusCode(200).body("kind", equalTo("ROOM"))
                .body("room", equalTo(room.toString()));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/" + office + "/devices").then().statusCode(200)
                .body("find { it.id == '" + device.id() + "' }.room", equalTo(room.toString()))
                .body("find { it.id == '" + device.id() + "' }.pairedAt", notNullValue());
        assertThat(otherRoom).isNotEqualTo(room);
    }

    @Test
    void shouldRejectInvalidDevicesWithProblemDetailsAndCreateNothing() {
        String office = TestData.office().id();
        String otherOffice = TestData.office().id();
        UUID foreignRoom = TestData.room(otherOffice, "Rum 1");
        UUID room = TestData.room(office, "Rum 1");
        String desk = Tokens.desk(office);
        register(office, desk, "ROOM", "Terminal", null).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("room"));
        register(office, desk, "ROOM", "Terminal", foreignRoom).then().statusCode(400).body("errors.field", hasItem("room"));
        register(office, desk, "KIOSK", "Kiosk", room).then().statusCode(400).body("errors.field", hasItem("room"));
        register(office, desk, "TOASTER", "Kiosk", null).then().statusCode(400).body("errors.field", hasItem("kind"));
        register(office, desk, "KIOSK", " ", null).then().statusCode(400).body("errors.field", hasItem("name"));
        register(office, desk, "KIOSK", "x".repeat(101), null).then().statusCode(400).body("errors.field", hasItem("name"));
        given().auth().oauth2(desk).contentType(ContentType.JSON).body("{\"name\": \"Kiosk\"}")
                .post("/api/v1/offices/" + office + "/devices").then().statusCode(400).body("errors.field", hasItem("kind"));
        pair("not a code", client()).then().statusCode(400).body("errors.field", hasItem("pairingCode"));
        DeviceFixtures.from(client()).body("{}").post("/api/v1/devices/pair").then().statusCode(400)
                .body("errors.field", hasItem("pairingCode"));
        assertThat(Sql.count("SELECT count(*) FROM device WHERE office_id IN (?, ?)", office, otherOffice)).isZero();
    }

    @Test
    void shouldAnswer404ForDevicesOfAnotherOfficeAnd401WithoutAToken() {
        String office = TestData.office().id();
        String other = TestData.office().id();
        Registered device = registered(office, Tokens.desk(office), "DISPLAY", null);
        String otherDesk = Tokens.desk(other);
        given().auth().oauth2(otherDesk).get("/api/v1/offices/" + office + "/devices").then().statusCode(404);
        register(office, otherDesk, "KIOSK", "Kiosk", null).then().statusCode(404);
        DeviceFixtures.revoke(device.id(), otherDesk).then().statusCode(404);
        given().auth().oauth2(otherDesk).post("/api/v1/devices/" + device.id() + "/pairing-code").then().statusCode(404);
        DeviceFixtures.revoke(UUID.randomUUID(), Tokens.admin()).then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/no-such-office/devices").then().statusCode(404);
        register("no-such-office", Tokens.admin(), "KIOSK", "Kiosk", null).then().statusCode(404);
        given().get("/api/v1/offices/" + office + "/devices").then().statusCode(401);
        given().auth().oauth2(Tokens.kiosk(office)).get("/api/v1/offices/" + office + "/devices").then().statusCode(403);
        // Nothing changed by the refused revocation.
        assertThat(Sql.value("SELECT revoked_at FROM device WHERE id = ?", device.id())).isNull();
    }

    @Test
    void shouldExpireCodesAfterTenMinutes() {
        String office = TestData.office().id();
        Registered late = registered(office, Tokens.admin(), "KIOSK", null);
        Registered inTime = registered(office, Tokens.admin(), "KIOSK", null);
        clock.advance(Duration.ofMinutes(9).plusSeconds(50));
        pair(inTime.code(), client()).then().statusCode(200);
        clock.advance(Duration.ofSeconds(11));
        pair(late.code(), client()).then().statusCode(404);
        assertThat(Sql.value("SELECT token_hash FROM device WHERE id = ?", late.id())).isNull();
    }

    @Test
    void shouldPairExactlyOnceWhenManyUseTheSameCodeAtOnce() throws Exception {
        String office = TestData.office().id();
        Registered device = registered(office, Tokens.admin(), "KIOSK", null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String client = client();
                answers.add(pool.submit((Callable<Integer>) () -> pair(device.code(), client).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 404).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Sql.count("SELECT count(*) FROM device WHERE id = ? AND token_hash IS NOT NULL AND pairing_code_hash IS NULL",
                device.id())).isEqualTo(1);
    }

    @Test
    void shouldListDevicesWithoutCodesOrTokens() {
        String office = TestData.office().id();
        Registered waiting = registered(office, Tokens.desk(office), "DISPLAY", null);
        Registered device = registered(office, Tokens.desk(office), "KIOSK", null);
        String token = pair(device.code(), client()).then().statusCode(200).extract().path("token");
        given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
        String list = given().auth().oauth2(Tokens.desk(office)).get("/api/v1/offices/" + office + "/devices").then()
                .statusCode(200)
                .body("size()", equalTo(2))
                .body("find { it.id == '" + waiting.id() + "' }.pairingExpiresAt", notNullValue())
                .body("find { it.id == '" + waiting.id() + "' }.pairedAt", nullValue())
                .body("find { it.id == '" + device.id() + "' }.pairedAt", notNullValue())
                .extract().asString();
        assertThat(list).doesNotContain(waiting.code()).doesNotContain(device.code()).doesNotContain(token)
                .doesNotContain(waiting.code().replace("-", "")).doesNotContain("pairingCode").doesNotContain("token");
    }

    @Test
    void shouldRecordLastSeenCoarselyWithoutAWritePerRequest() {
        String office = TestData.office().id();
        Registered device = registered(office, Tokens.desk(office), "KIOSK", null);
        String token = pair(device.code(), client()).then().statusCode(200).extract().path("token");
        given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> Sql.value("SELECT last_seen_at FROM device WHERE id = ?", device.id()) != null);
        Object version = Sql.value("SELECT xmin::text FROM device WHERE id = ?", device.id());
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
        }
        // The row was not written again (its version is unchanged) although the device kept calling.
        assertThat(Sql.value("SELECT xmin::text FROM device WHERE id = ?", device.id())).isEqualTo(version);
        given().auth().oauth2(Tokens.desk(office)).get("/api/v1/offices/" + office + "/devices").then()
                .body("find { it.id == '" + device.id() + "' }.lastSeenAt", notNullValue());
    }

    @Test
    void shouldKeepIdentityProviderTokensWorkingBesideDeviceTokens() {
        String office = TestData.office().id();
        given().auth().oauth2(Tokens.kiosk(office)).get("/api/v1/offices/" + office + "/queue").then().statusCode(200);
        given().auth().oauth2("vmd_" + "A".repeat(43)).get("/api/v1/offices/" + office + "/queue").then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("vmd_short").get("/api/v1/offices/" + office + "/queue").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").get("/api/v1/offices/" + office + "/queue").then().statusCode(401);
        assertThat(Map.of()).isEmpty();
    }
}
