package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static se.servicekontor.videomote.visits.VisitFixtures.act;
import static se.servicekontor.videomote.visits.VisitFixtures.agency;
import static se.servicekontor.videomote.visits.VisitFixtures.called;
import static se.servicekontor.videomote.visits.VisitFixtures.desk;
import static se.servicekontor.videomote.visits.VisitFixtures.office;
import static se.servicekontor.videomote.visits.VisitFixtures.officer;
import static se.servicekontor.videomote.visits.VisitFixtures.officerToken;
import static se.servicekontor.videomote.visits.VisitFixtures.rooms;
import static se.servicekontor.videomote.visits.VisitFixtures.visit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;

/**
 * The quartiles of an office's service times kept as data (V22): what a completion keeps is what the visits say,
 * also when completions race, and a reader never takes a kept row that no longer describes its window, its limit or
 * the visits.
 */
@QuarkusTest
class ServiceTimeTest {

    @Inject
    TestClock clock;

    @Inject
    VisitsConfig config;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The kept row of an office and agency, and what the visits give for the same window and limit. */
    private static Map<String, Object> kept(String office, String agency) {
        return Sql.rows("SELECT samples, p25, p75, oldest_ended_at, since, sample_limit FROM service_time"
                + " WHERE office_id = ? AND agency_code = ?", office, agency).get(0);
    }

    private static Map<String, Object> fromVisits(String office, String agency, Object since, Object limit) {
        return Sql.rows("SELECT samples, p25, p75, oldest_ended_at FROM service_time_sample(?, ?, ?, ?)", office,
                agency, since, limit).get(0);
    }

    @Test
    void shouldKeepEveryCompletionWhenMeetingsAtOneOfficeEndAtOnce() throws Exception {
        int meetings = 12;
        var a = agency();
        String office = office(a.code());
        rooms(office, meetings);
        List<UUID> officers = new ArrayList<>();
        List<UUID> visits = new ArrayList<>();
        for (int i = 0; i < meetings; i++) {
            officers.add(officer(a));
            visit(office, a.code(), "svc-a");
        }
        for (UUID officer : officers) {
            UUID id = called(officer, a.code());
            act(id, "start", officerToken(officer, a.code())).then().statusCode(200);
            visits.add(id);
        }
        // Different service times, so quartiles computed without one of the visits come out different.
        for (int i = 0; i < meetings; i++) {
            Sql.update("UPDATE visit SET called_at = now() - make_interval(mins => ?) WHERE id = ?", 5 + 7 * i,
                    visits.get(i));
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(meetings);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < meetings; i++) {
                UUID visit = visits.get(i);
                String token = officerToken(officers.get(i), a.code());
                answers.add(pool.submit(() -> {
                    go.await();
                    return http.send(HttpRequest.newBuilder(base.resolve("/api/v1/visits/" + visit + "/complete"))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(120, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Object> row = kept(office, a.code());
        assertThat(row.get("samples")).isEqualTo(meetings);
        Map<String, Object> truth = fromVisits(office, a.code(), row.get("since"), row.get("sample_limit"));
        assertThat(row.get("p25")).isEqualTo(truth.get("p25"));
        assertThat(row.get("p75")).isEqualTo(truth.get("p75"));
        assertThat(row.get("oldest_ended_at")).isEqualTo(truth.get("oldest_ended_at"));
        assertThat(row.get("sample_limit")).isEqualTo(config.serviceTimeSamples());
    }

    @Test
    void shouldReadTheKeptRowOnlyWhileItHoldsForTheReadersWindowAndLimit() {
        var a = agency();
        String office = office(a.code());
        rooms(office, 1);
        UUID officer = officer(a);
        Instant t = VisitFixtures.nextMorning();
        Instant firstEnd = null;
        for (int minutes : List.of(10, 10, 20, 20, 20, 30)) {
            clock.pin(t);
            visit(office, a.code(), "svc-a");
            UUID id = called(officer, a.code());
            t = t.plus(Duration.ofMinutes(minutes));
            clock.pin(t);
            act(id, "start", officerToken(officer, a.code())).then().statusCode(200);
            act(id, "complete", officerToken(officer, a.code())).then().statusCode(200);
            firstEnd = firstEnd == null ? t : firstEnd;
        }
        visit(office, a.code(), "svc-a");
        visit(office, a.code(), "svc-a");
        Map<String, Object> row = kept(office, a.code());
        // Service times 10, 10, 20, 20, 20, 30: quartiles 12.5 and 20. One officer, one room, two waiting: a
        // newcomer is third, so 2 x 12.5 to 3 x 20 minutes.
        assertThat(row).containsEntry("samples", 6).containsEntry("p25", 12.5).containsEntry("p75", 20.0);
        assertThat(((Timestamp) row.get("oldest_ended_at")).toInstant()).isEqualTo(firstEnd);
        newcomerWaits(office, 25, 60);

        // The row is what readers take while it holds (quartiles set by hand here show that it is read).
        Sql.update("UPDATE service_time SET p25 = 100, p75 = 200 WHERE office_id = ?", office);
        newcomerWaits(office, 200, 600);

        // Kept for another sample limit (the configuration changed): readers compute from the visits.
        Sql.update("UPDATE service_time SET sample_limit = sample_limit + 1 WHERE office_id = ?", office);
        newcomerWaits(office, 25, 60);
        Sql.update("UPDATE service_time SET sample_limit = sample_limit - 1 WHERE office_id = ?", office);
        newcomerWaits(office, 200, 600);

        // A visit completed after the newest sample by a path that did not keep the row (here: by hand, the last
        // meeting a minute longer): readers compute from the visits. 10, 10, 20, 20, 20, 31: still 12.5 and 20.
        Sql.update("UPDATE visit SET ended_at = ended_at + interval '1 minute' WHERE id = (SELECT id FROM visit"
                + " WHERE office_id = ? AND status = 'COMPLETED' ORDER BY ended_at DESC LIMIT 1)", office);
        newcomerWaits(office, 25, 60);

        // The oldest sample leaves the window: the row no longer holds either way, and the five left give 20 and 20.
        clock.pin(firstEnd.plus(config.serviceTimeWindow()).plusSeconds(1));
        newcomerWaits(office, 40, 60);
    }

    private static void newcomerWaits(String office, int min, int max) {
        given().auth().oauth2(desk(office)).get("/api/v1/offices/" + office + "/queue").then().statusCode(200)
                .body("agencies[0].waiting", equalTo(2))
                .body("agencies[0].estimatedWait.minMinutes", equalTo(min))
                .body("agencies[0].estimatedWait.maxMinutes", equalTo(max));
    }
}
