package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static se.servicekontor.videomote.visits.VisitFixtures.act;
import static se.servicekontor.videomote.visits.VisitFixtures.officerToken;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** Calling a visit opens its video session; every way a called visit leaves its room ends it. */
@QuarkusTest
class VisitVideoTest {

    private static String ended(UUID session) {
        return (String) Sql.value("SELECT end_reason FROM video_session WHERE id = ?", session);
    }

    @Test
    void shouldOpenTheSessionWithTheCallAndEndItWithTheVisit() {
        var agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        UUID room = TestData.room(office, "Besöksrum 1");
        UUID officer = VisitFixtures.officer(agency);
        UUID visit = VisitFixtures.visit(office, agency.code(), "svc-a", "visitorName", "Karin Testsson");
        try (LiveClient terminal = LiveClient.connect("/ws/v1/rooms/" + room, Tokens.room(office, room))) {
            terminal.next();
            ExtractableResponse<Response> next = VisitFixtures.next(officer, agency.code()).then().statusCode(200)
                    .body("visit.id", equalTo(visit.toString()))
                    .body("room.id", equalTo(room.toString()))
                    .body("video.provider", equalTo("BUILTIN"))
                    .body("video.sessionId", notNullValue())
                    .body("video.officerJoin.token", notNullValue())
                    .body("video.roomJoin.token", nullValue()) // the officer never gets the room's side
                    .extract();
            UUID session = UUID.fromString(next.path("video.sessionId"));
            assertThat(terminal.nextOfType("video.ready", Duration.ofSeconds(10)).getJsonObject("data").getString("sessionId"))
                    .isEqualTo(session.toString());
            given().auth().oauth2(officerToken(officer, agency.code())).get("/api/v1/visits/" + visit + "/video")
                    .then().statusCode(200).body("sessionId", equalTo(session.toString()));
            given().auth().oauth2(Tokens.room(office, room)).get("/api/v1/rooms/" + room + "/video")
                    .then().statusCode(200).body("roomJoin.token", notNullValue()).body("officerJoin.token", nullValue());

            act(visit, "start", officerToken(officer, agency.code())).then().statusCode(200);
            assertThat(ended(session)).isNull();
            act(visit, "complete", officerToken(officer, agency.code())).then().statusCode(200);
            assertThat(ended(session)).isEqualTo("COMPLETED");
            terminal.nextOfType("video.ended", Duration.ofSeconds(10));
            given().auth().oauth2(officerToken(officer, agency.code())).get("/api/v1/visits/" + visit + "/video")
                    .then().statusCode(404); // no open session any more
        }
    }

    /**
     * The meeting starts by itself when both sides have joined, also when they join at the same moment: their
     * admissions take turns on the session row, so the second always sees the first's claim.
     */
    @Test
    void shouldStartTheMeetingWhenBothSidesJoinAtTheSameMoment() throws Exception {
        var agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        UUID room = TestData.room(office, "Besöksrum 1");
        UUID officer = VisitFixtures.officer(agency);
        String officerToken = officerToken(officer, agency.code());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                int r = round;
                UUID visit = VisitFixtures.visit(office, agency.code(), "svc-a", "visitorName", "Karin Testsson");
                UUID session = UUID.fromString(VisitFixtures.next(officer, agency.code()).then().statusCode(200)
                        .body("visit.id", equalTo(visit.toString())).extract().path("video.sessionId"));
                String officerJoin = given().auth().oauth2(officerToken).get("/api/v1/visits/" + visit + "/video")
                        .then().statusCode(200).extract().path("officerJoin.token");
                String roomJoin = given().auth().oauth2(Tokens.room(office, room)).get("/api/v1/rooms/" + room + "/video")
                        .then().statusCode(200).extract().path("roomJoin.token");
                var start = new java.util.concurrent.CountDownLatch(1);
                var sides = java.util.List.of(officerJoin, roomJoin).stream().map(token -> pool.submit(() -> {
                    start.await();
                    LiveClient side = LiveClient.open("/ws/v1/video/" + session + "?token="
                            + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
                    assertThat(side.next().getString("type")).isEqualTo("welcome");
                    return side;
                })).toList();
                start.countDown();
                java.util.List<LiveClient> open = new java.util.ArrayList<>();
                for (var side : sides) {
                    open.add(side.get(10, java.util.concurrent.TimeUnit.SECONDS));
                }
                try {
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                            Sql.value("SELECT status FROM visit WHERE id = ?", visit)).as("visit of round %d", r)
                            .isEqualTo("IN_MEETING"));
                } finally {
                    open.forEach(LiveClient::close);
                }
                act(visit, "complete", officerToken).then().statusCode(200); // no cleaning buffer: the room is free
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldEndTheSessionOnRequeueAndOpenANewOneOnTheNextCall() {
        var agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        TestData.room(office, "Besöksrum 1");
        UUID officer = VisitFixtures.officer(agency);
        UUID visit = VisitFixtures.visit(office, agency.code(), "svc-a");
        UUID first = UUID.fromString(VisitFixtures.next(officer, agency.code()).then().statusCode(200)
                .extract().path("video.sessionId"));
        act(visit, "requeue", officerToken(officer, agency.code())).then().statusCode(200);
        assertThat(ended(first)).isEqualTo("REQUEUED");
        UUID second = UUID.fromString(VisitFixtures.next(officer, agency.code()).then().statusCode(200)
                .extract().path("video.sessionId"));
        assertThat(second).isNotEqualTo(first);
        act(visit, "no-show", Tokens.desk(office)).then().statusCode(200);
        assertThat(ended(second)).isEqualTo("NO_SHOW");
        assertThat(Sql.count("SELECT count(*) FROM video_session WHERE visit_id = ? AND ended_at IS NULL", visit)).isZero();
    }
}
