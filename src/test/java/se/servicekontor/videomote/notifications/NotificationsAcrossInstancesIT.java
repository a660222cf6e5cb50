package se.servicekontor.videomote.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Instances;

/**
 * Two instances of the packaged service deliver one outbox; one is killed (SIGKILL) while it has messages in flight.
 * Every message ends SENT or FAILED, and none reaches the visitor twice: an interrupted SMS is tried again only with
 * the same client reference, which the provider deduplicates.
 */
class NotificationsAcrossInstancesIT {

    private static final int MESSAGES = 30;

    private static Instances instances;
    private static WireMockServer sms;

    @BeforeAll
    static void start() {
        sms = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(40));
        sms.start();
        // A slow provider, so that messages are in flight when the instance dies.
        sms.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202).withFixedDelay(1_500)));
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
        if (sms != null) {
            sms.stop();
        }
    }

    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("videomote.notifications.sms.base-url", "http://127.0.0.1:" + sms.port() + "/v1");
        config.put("videomote.notifications.sms.token", "it-token");
        config.put("videomote.notifications.poll-every", "200ms");
        config.put("videomote.notifications.turn-soon-every", "200ms");
        config.put("videomote.notifications.batch", "4");
        config.put("videomote.notifications.lease", "PT5S");
        config.put("videomote.notifications.send-timeout", "PT3S");
        config.put("videomote.notifications.initial-backoff", "PT1S");
        config.put("videomote.notifications.max-backoff", "PT2S");
        // Every walk-in's "your turn soon" is due at once: a quick way to fill the outbox.
        config.put("videomote.notifications.turn-soon-ahead", "1000");
        return config;
    }

    private static List<Map<String, Object>> rows(String sql, Object... params) throws Exception {
        try (var c = instances.sql(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    @Test
    void shouldEndEveryMessageSentOrFailedAndNeverTwiceWhenAnInstanceIsKilledMidSend() throws Exception {
        instances = new Instances();
        Instances.Instance a = instances.start("a", config());
        Instances.Instance b = instances.start("b", config());
        Instances.AgencyOffice ao = instances.agencyAndOffice(a);
        for (int i = 0; i < MESSAGES; i++) {
            Instances.Instance on = i % 2 == 0 ? a : b;
            given().baseUri(on.url("")).auth().oauth2(instances.desk(ao.office())).contentType(ContentType.JSON)
                    .body(Map.of("agency", ao.agency(), "service", "s", "phone", "+46700000" + String.format("%03d", i),
                            "afterHours", true)) // the desk's override: the test must not depend on the hour
                    .post("/api/v1/offices/" + ao.office() + "/visits").then().statusCode(201);
        }

        String onA = a.process().pid() + "@%";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> !rows(
                "SELECT id FROM notification WHERE status = 'SENDING' AND claimed_by LIKE ?", onA).isEmpty());
        a.process().destroyForcibly();
        a.process().waitFor();
        Set<String> inFlightOnA = rows("SELECT id::text AS id FROM notification WHERE status = 'SENDING' "
                + "AND claimed_by LIKE ?", onA).stream().map(r -> (String) r.get("id")).collect(Collectors.toSet());
        assertThat(inFlightOnA).isNotEmpty();

        await().atMost(Duration.ofSeconds(120)).until(() -> rows(
                "SELECT id FROM notification WHERE status NOT IN ('SENT', 'FAILED')").isEmpty());

        List<Map<String, Object>> all = rows("SELECT id::text AS id, status, attempts FROM notification");
        assertThat(all).hasSize(MESSAGES);
        assertThat(all).allSatisfy(r -> assertThat(r.get("status")).isIn("SENT", "FAILED"));

        List<LoggedRequest> requests = sms.findAll(postRequestedFor(urlEqualTo("/v1/messages")));
        Map<String, Long> perReference = requests.stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("Idempotency-Key"), Collectors.counting()));
        Set<String> sent = new HashSet<>();
        for (Map<String, Object> r : all) {
            if ("SENT".equals(r.get("status"))) {
                sent.add((String) r.get("id"));
            }
        }
        // Every sent message reached the provider; a message was handed over more than once only when the killed
        // instance had it in flight, and then always with the same reference, so the provider sends it once.
        assertThat(perReference.keySet()).containsAll(sent);
        assertThat(perReference.keySet()).allMatch(id -> all.stream().anyMatch(r -> id.equals(r.get("id"))));
        perReference.forEach((id, count) -> {
            if (count > 1) {
                assertThat(inFlightOnA).contains(id);
            }
        });
        // The phone numbers of different visits never got each other's messages, and each at most one reference.
        Map<String, Set<String>> referencesPerPhone = requests.stream().collect(Collectors.groupingBy(
                r -> new io.vertx.core.json.JsonObject(r.getBodyAsString()).getString("to"),
                Collectors.mapping(r -> r.getHeader("Idempotency-Key"), Collectors.toSet())));
        assertThat(referencesPerPhone.values()).allSatisfy(refs -> assertThat(refs).hasSize(1));
        System.out.printf("Kill test: %d messages, %d in flight on the killed instance, %d requests to the provider, "
                + "%d sent, %d failed%n", MESSAGES, inFlightOnA.size(), requests.size(), sent.size(),
                all.size() - sent.size());
    }
}
