package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static se.servicekontor.videomote.visits.VisitFixtures.act;
import static se.servicekontor.videomote.visits.VisitFixtures.officerToken;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/** Accessible rooms for walk-ins, a no-show brought back into line, and a visit that starts when both video sides join. */
@QuarkusTest
class VisitDeskFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    TestClock clock;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private ExecutorService pool;

    @AfterEach
    void cleanUp() {
        clock.reset();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static UUID room(String office, String name, boolean accessible) {
        return UUID.fromString(given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "accessible", accessible, "capacity", 2))
                .post("/api/v1/offices/" + office + "/rooms").then().statusCode(201).extract().path("id"));
    }

    // --- accessible rooms ---------------------------------------------------------------------------------------

    @Test
    void shouldCallAWalkInThatNeedsAnAccessibleRoomOnlyToOne() {
        AgencyRef agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        UUID plain = room(office, "Rum 1", false);
        UUID first = VisitFixtures.officer(agency);
        UUID second = VisitFixtures.officer(agency);
        UUID accessible = VisitFixtures.visit(office, agency.code(), "svc-a", "accessible", true);
        UUID other = VisitFixtures.visit(office, agency.code(), "svc-a");
        given().auth().oauth2(Tokens.desk(office)).get("/api/v1/visits/" + accessible).then().statusCode(200)
                .body("accessible", equalTo(true));

        // Only a room without access is free: the visit that needs one waits, the next in line is called.
        VisitFixtures.next(first, agency.code()).then().statusCode(200).body("visit.id", equalTo(other.toString()))
                .body("room.id", equalTo(plain.toString()));
        assertThat(VisitFixtures.status(accessible)).isEqualTo("WAITING");

        UUID ramp = room(office, "Rum 2 (tillgängligt)", true);
        VisitFixtures.next(second, agency.code()).then().statusCode(200)
                .body("visit.id", equalTo(accessible.toString())).body("room.id", equalTo(ramp.toString()));
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply post(String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    @Test
    void shouldNeverGiveAVisitTwiceNorARoomToTwoVisitsNorAnAccessibleVisitAnOrdinaryRoomUnderConcurrentNext()
            throws Exception {
        AgencyRef agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        List<UUID> rooms = List.of(room(office, "Rum 1", false), room(office, "Rum 2", false),
                room(office, "Rum 3", true), room(office, "Rum 4", false));
        List<UUID> officers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            officers.add(VisitFixtures.officer(agency));
        }
        int visits = 40;
        for (int i = 0; i < visits; i++) {
            VisitFixtures.visit(office, agency.code(), "svc-a", "accessible", i % 4 == 0);
        }

        pool = Executors.newFixedThreadPool(officers.size());
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> called = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> work = new ArrayList<>();
        for (UUID officer : officers) {
            String token = Tokens.officer(officer, agency.code());
            work.add(pool.submit(() -> {
                start.await();
                while (failures.isEmpty()) {
                    Reply next = post("/api/v1/officers/" + officer + "/next", token, null);
                    if (next.status() == 204) {
                        if (Sql.count("SELECT count(*) FROM visit WHERE office_id = ? AND status = 'WAITING'",
                                office) == 0) {
                            return null;
                        }
                        LockSupport.parkNanos(2_000_000);
                        continue;
                    }
                    if (next.status() != 200) {
                        failures.add("next " + next.status() + " " + next.body());
                        return null;
                    }
                    String visit = next.body().at("/visit/id").asText();
                    called.add(visit);
                    for (String step : List.of("start", "complete")) {
                        Reply r = post("/api/v1/visits/" + visit + "/" + step, token, null);
                        if (r.status() != 200) {
                            failures.add(step + " " + r.status() + " " + r.body());
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : work) {
            f.get(180, TimeUnit.SECONDS);
        }
        assertThat(failures).isEmpty();
        assertThat(called).hasSize(visits).doesNotHaveDuplicates();
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ? AND status = 'COMPLETED'", office))
                .isEqualTo(visits);
        assertThat(Sql.count("SELECT count(*) FROM visit_transition WHERE office_id = ? AND action = 'CALLED'",
                office)).isEqualTo(visits);
        // No room held by two visits at once, and every accessible visit in an accessible room.
        // (In the order the room's row lock gave them: a call before the previous visit there completed breaks it.
        // Request times cannot show it: each request reads its clock before it waits for the room.)
        assertThat(Sql.count("""
                SELECT count(*) FROM (
                    SELECT action, visit_id, lag(action) OVER w AS before, lag(visit_id) OVER w AS before_visit
                      FROM visit_transition WHERE office_id = ? AND action IN ('CALLED', 'COMPLETED')
                    WINDOW w AS (PARTITION BY room_id ORDER BY id)) t
                 WHERE (action = 'CALLED' AND before IS DISTINCT FROM 'COMPLETED' AND before IS NOT NULL)
                    OR (action = 'COMPLETED' AND (before <> 'CALLED' OR before_visit <> visit_id))""",
                office)).isZero();
        assertThat(Sql.count("SELECT count(*) FROM visit v JOIN room r ON r.id = v.room_id "
                + "WHERE v.office_id = ? AND v.accessible AND NOT r.accessible", office)).isZero();
        assertThat(Sql.count("SELECT count(*) FROM visit v WHERE v.office_id = ? AND v.accessible", office))
                .isEqualTo(10);
        for (UUID room : rooms) {
            assertThat(VisitFixtures.roomStatus(room)).isEqualTo("AVAILABLE");
        }
    }

    // --- no-show undone -----------------------------------------------------------------------------------------

    @Test
    void shouldLetTheDeskBringANoShowOfTodayBackToItsPlaceInLine() {
        AgencyRef agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        VisitFixtures.rooms(office, 1);
        UUID officer = VisitFixtures.officer(agency);
        UUID visit = VisitFixtures.visit(office, agency.code(), "svc-a");
        UUID later = VisitFixtures.visit(office, agency.code(), "svc-a");
        assertThat(VisitFixtures.called(officer, agency.code())).isEqualTo(visit);
        act(visit, "no-show", officerToken(officer, agency.code())).then().statusCode(200);
        var before = VisitFixtures.snapshot(visit);

        // The officer cannot; the desk can.
        act(visit, "requeue", officerToken(officer, agency.code())).then().statusCode(403)
                .contentType("application/problem+json");
        assertThat(VisitFixtures.snapshot(visit)).isEqualTo(before);
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + office + "/desk", Tokens.desk(office))) {
            desk.next();
            act(visit, "requeue", Tokens.desk(office)).then().statusCode(200).body("status", equalTo("WAITING"))
                    .body("position", equalTo(1)).body("endedAt", org.hamcrest.Matchers.nullValue());
            JsonObject requeued = desk.nextOfType("visit.requeued", Duration.ofSeconds(10));
            assertThat(requeued.getJsonObject("data").getString("from")).isEqualTo("NO_SHOW");
        }
        given().auth().oauth2(Tokens.desk(office)).get("/api/v1/visits/" + later).then().body("position", equalTo(2));
        assertThat(Sql.rows("SELECT action, from_status, to_status FROM visit_transition WHERE visit_id = ? ORDER BY id",
                visit).stream().map(r -> r.get("action") + ":" + r.get("from_status") + ">" + r.get("to_status")))
                .containsExactly("ISSUED:null>WAITING", "CALLED:WAITING>CALLED", "NO_SHOW:CALLED>NO_SHOW",
                        "REQUEUED:NO_SHOW>WAITING");
        assertThat(VisitFixtures.called(officer, agency.code())).isEqualTo(visit);
    }

    @Test
    void shouldRefuseToBringBackANoShowOfAnEarlierDay() {
        AgencyRef agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        VisitFixtures.rooms(office, 1);
        UUID officer = VisitFixtures.officer(agency);
        UUID visit = VisitFixtures.visit(office, agency.code(), "svc-a");
        VisitFixtures.called(officer, agency.code());
        act(visit, "no-show", Tokens.desk(office)).then().statusCode(200);
        clock.advance(Duration.ofDays(1));
        act(visit, "requeue", Tokens.desk(office)).then().statusCode(409).body("detail", containsString("of today"));
        assertThat(VisitFixtures.status(visit)).isEqualTo("NO_SHOW");
    }

    // --- video starts the meeting ---------------------------------------------------------------------------------

    private static String signaling(String sessionId, String joinToken) {
        return "/ws/v1/video/" + sessionId + "?token=" + URLEncoder.encode(joinToken, StandardCharsets.UTF_8);
    }

    @Test
    void shouldStartACalledVisitWhenBothVideoSidesHaveJoinedAndStillAcceptStartAndComplete() {
        AgencyRef agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        UUID room = VisitFixtures.rooms(office, 1).get(0);
        UUID officer = VisitFixtures.officer(agency);
        UUID visit = VisitFixtures.visit(office, agency.code(), "svc-a");
        String officerToken = officerToken(officer, agency.code());
        JsonPath next = VisitFixtures.next(officer, agency.code()).then().statusCode(200).extract().jsonPath();
        String session = next.getString("video.sessionId");
        String roomJoin = given().auth().oauth2(Tokens.room(office, room)).get("/api/v1/rooms/" + room + "/video")
                .then().statusCode(200).extract().path("roomJoin.token");

        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + office + "/desk", Tokens.desk(office));
                LiveClient officerSide = LiveClient.open(signaling(session, next.getString("video.officerJoin.token")))) {
            desk.next();
            officerSide.next();
            assertThat(VisitFixtures.status(visit)).isEqualTo("CALLED"); // one side is not a meeting
            try (LiveClient roomSide = LiveClient.open(signaling(session, roomJoin))) {
                roomSide.next();
                await().atMost(Duration.ofSeconds(10)).until(() -> "IN_MEETING".equals(VisitFixtures.status(visit)));
                assertThat(VisitFixtures.roomStatus(room)).isEqualTo("OCCUPIED");
                JsonObject started = desk.nextOfType("visit.started", Duration.ofSeconds(10));
                assertThat(started.getJsonObject("data").getJsonObject("visit").getString("status"))
                        .isEqualTo("IN_MEETING");
                assertThat(Sql.value("SELECT actor_role FROM visit_transition WHERE visit_id = ? AND action = 'STARTED'",
                        visit)).isEqualTo("video");

                // The console presses start just after: no 409, nothing changes.
                act(visit, "start", officerToken).then().statusCode(200).body("status", equalTo("IN_MEETING"));
                assertThat(Sql.count("SELECT count(*) FROM visit_transition WHERE visit_id = ? AND action = 'STARTED'",
                        visit)).isEqualTo(1);
                act(visit, "complete", officerToken).then().statusCode(200).body("status", equalTo("COMPLETED"));
            }
        }
    }
}
