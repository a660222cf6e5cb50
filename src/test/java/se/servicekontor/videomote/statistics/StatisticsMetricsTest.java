package se.servicekontor.videomote.statistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.act;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.called;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.visit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/** Prometheus: waiting gauges, wait and service-time histograms and outcome counters, labelled by office and agency. */
@QuarkusTest
class StatisticsMetricsTest {

    @Test
    void shouldExposeWaitingGaugesHistogramsAndOutcomeCountersWithoutVisitIds() {
        AgencyRef agency = TestData.agency();
        String office = TestData.openAllDayOffice(agency.code()).id();
        TestData.room(office, "Rum 1");
        UUID officer = StatisticsFixtures.officer(agency);
        String serving = Tokens.officer(officer, agency.code());
        UUID served = visit(office, agency.code(), "svc-a");
        UUID waiting = visit(office, agency.code(), "svc-b");
        UUID cancelled = visit(office, agency.code(), "svc-b");
        act(cancelled, "cancel", Tokens.desk(office)).then().statusCode(200);
        assertThat(called(officer, agency.code())).isEqualTo(served);
        act(served, "start", serving).then().statusCode(200);
        act(served, "complete", serving).then().statusCode(200);

        String labels = "agency=\"" + agency.code() + "\",office=\"" + office + "\"";
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            List<String> ours = metrics.lines().filter(l -> l.contains(labels)).toList();
            assertThat(ours).contains("videomote_visits_waiting{" + labels + "} 1.0",
                    "videomote_visits_issued_total{" + labels + "} 3.0",
                    "videomote_visits_outcomes_total{" + labels + ",outcome=\"completed\"} 1.0",
                    "videomote_visits_outcomes_total{" + labels + ",outcome=\"cancelled\"} 1.0",
                    "videomote_visit_wait_seconds_count{" + labels + "} 1.0",
                    "videomote_visit_service_seconds_count{" + labels + "} 1.0");
            assertThat(ours).anyMatch(l -> l.startsWith("videomote_visit_wait_seconds_bucket{") && l.contains("le=\"60.0\""));
            for (UUID id : List.of(served, waiting, cancelled, officer)) {
                assertThat(metrics).doesNotContain(id.toString());
            }
        });
    }
}
