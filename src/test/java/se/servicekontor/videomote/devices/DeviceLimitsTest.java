package se.servicekontor.videomote.devices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static se.servicekontor.videomote.devices.DeviceFixtures.client;
import static se.servicekontor.videomote.devices.DeviceFixtures.pair;
import static se.servicekontor.videomote.devices.DeviceFixtures.registered;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import se.servicekontor.videomote.devices.DeviceFixtures.Registered;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class DeviceLimitsTest {

    /** The default window of the shared pairing counts. */
    private static final Duration WINDOW = Duration.ofMinutes(10);

    @Test
    void shouldRefuseAThousandWrongCodesFromOneClientWith429AndNeverPair() throws Exception {
        String office = TestData.office().id();
        Registered device = registered(office, Tokens.admin(), "KIOSK", null);
        String attacker = client();
        int refused = 0;
        int notFound = 0;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                answers.add(pool.submit(() -> pair(PairingCodes.next(), attacker)));
            }
            for (Future<Response> f : answers) {
                Response answer = f.get();
                if (answer.statusCode() == 429) {
                    refused++;
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
                } else {
                    assertThat(answer.statusCode()).isEqualTo(404);
                    notFound++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // At most the shared per-window budget (20 by default) ever reached the code check.
        assertThat(notFound).isLessThanOrEqualTo(20);
        assertThat(refused).isGreaterThanOrEqualTo(980);
        // Even the right code is refused to this client now, and nothing was paired.
        pair(device.code(), attacker).then().statusCode(429);
        assertThat(Sql.value("SELECT token_hash FROM device WHERE id = ?", device.id())).isNull();
        // Another client is not affected.
        pair(device.code(), client()).then().statusCode(200);
    }

    @Test
    void shouldCountPairingAttemptsOfAllInstancesInTheDatabase() {
        String office = TestData.office().id();
        Registered device = registered(office, Tokens.admin(), "KIOSK", null);
        String attacker = client();
        // Other instances have already let this client try 20 times in this window.
        for (Instant window : windows()) {
            Sql.update("INSERT INTO pairing_attempt (client, window_start, attempts) VALUES (?, ?, 20)", attacker,
                    Timestamp.from(window));
        }
        pair(device.code(), attacker).then().statusCode(429).header("Retry-After", notNullValue());
        assertThat(Sql.value("SELECT token_hash FROM device WHERE id = ?", device.id())).isNull();
        pair(device.code(), client()).then().statusCode(200);
    }

    @Test
    void shouldStopAllPairingForTheWindowOnceTooManyAttemptsFailed() {
        String office = TestData.office().id();
        Registered device = registered(office, Tokens.admin(), "KIOSK", null);
        List<Instant> windows = windows();
        try {
            for (Instant window : windows) {
                Sql.update("""
                        INSERT INTO pairing_attempt (client, window_start, failures) VALUES ('*', ?, 2000)
                        ON CONFLICT (client, window_start) DO UPDATE SET failures = 2000""", Timestamp.from(window));
            }
            pair(device.code(), client()).then().statusCode(429);
            assertThat(Sql.value("SELECT token_hash FROM device WHERE id = ?", device.id())).isNull();
        } finally {
            for (Instant window : windows) {
                Sql.update("UPDATE pairing_attempt SET failures = 0 WHERE client = '*' AND window_start = ?",
                        Timestamp.from(window));
            }
        }
        pair(device.code(), client()).then().statusCode(200);
    }

    @Test
    void shouldCountFailedPairingAttemptsPerClientAndForEveryone() {
        String attacker = client();
        pair("ZZZZZ-ZZZZZ", attacker).then().statusCode(404);
        pair("ZZZZZ-ZZZZ?", attacker).then().statusCode(400);
        long failures = Sql.count("SELECT coalesce(sum(failures), 0) FROM pairing_attempt WHERE client = ?", attacker);
        long attempts = Sql.count("SELECT coalesce(sum(attempts), 0) FROM pairing_attempt WHERE client = ?", attacker);
        assertThat(failures).isEqualTo(2);
        assertThat(attempts).isEqualTo(2);
        assertThat(Sql.count("SELECT coalesce(sum(failures), 0) FROM pairing_attempt WHERE client = '*'")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldKeepIssuingTicketsToOtherKiosksWhileOneFloods() throws Exception {
        AgencyRef agency = TestData.agency();
        String office = TestData.openAllDayOffice(agency.code()).id();
        TestData.onShiftNow(TestData.officer(agency.code(), List.of("sv"), agency.services()));
        Registered floodingDevice = registered(office, Tokens.admin(), "KIOSK", null);
        Registered calmDevice = registered(office, Tokens.admin(), "KIOSK", null);
        String flooding = pair(floodingDevice.code(), client()).then().statusCode(200).extract().path("token");
        String calm = pair(calmDevice.code(), client()).then().statusCode(200).extract().path("token");
        Map<String, Object> body = Map.of("agency", agency.code(), "service", agency.services().get(0));

        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicBoolean flooding429 = new AtomicBoolean();
        List<Future<Integer>> flood = new ArrayList<>();
        List<Integer> calmStatuses = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < 60; i++) {
                flood.add(pool.submit(() -> {
                    Response r = given().auth().oauth2(flooding).contentType(ContentType.JSON).body(body)
                            .post("/api/v1/offices/" + office + "/visits");
                    if (r.statusCode() == 429) {
                        flooding429.set(true);
                        assertThat(r.header("Retry-After")).isNotNull();
                        assertThat(r.contentType()).startsWith("application/problem+json");
                    }
                    return r.statusCode();
                }));
            }
            // While the flood runs, the other kiosk of the office keeps getting tickets.
            for (int i = 0; i < 5; i++) {
                calmStatuses.add(given().auth().oauth2(calm).contentType(ContentType.JSON).body(body)
                        .post("/api/v1/offices/" + office + "/visits").statusCode());
            }
            List<Integer> floodStatuses = new ArrayList<>();
            for (Future<Integer> f : flood) {
                floodStatuses.add(f.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long created = floodStatuses.stream().filter(s -> s == 201).count();
            long refused = floodStatuses.stream().filter(s -> s == 429).count();
            assertThat(created + refused).isEqualTo(60);
            // The burst of 10, and what refilled at 30 per minute while the flood lasted.
            assertThat(created).isLessThanOrEqualTo(10 + (long) Math.ceil(seconds / 2) + 1);
            assertThat(flooding429).isTrue();
            assertThat(calmStatuses).containsOnly(201);
            // Exactly the accepted requests created visits: none for a refused one.
            assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ? AND created_by = ?", office,
                    "device-" + floodingDevice.id())).isEqualTo(created);
            assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ? AND created_by = ?", office,
                    "device-" + calmDevice.id())).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
        // Desks are not limited by the kiosk limit.
        for (int i = 0; i < 12; i++) {
            given().auth().oauth2(Tokens.desk(office)).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/offices/" + office + "/visits").then().statusCode(201);
        }
    }

    /** The current window and the next, so that a test crossing a window boundary still finds its rows. */
    private static List<Instant> windows() {
        long size = WINDOW.toMillis();
        Instant now = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), size) * size);
        return List.of(now, now.plus(WINDOW));
    }
}
