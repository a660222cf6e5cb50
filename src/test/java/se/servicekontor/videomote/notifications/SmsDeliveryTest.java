package se.servicekontor.videomote.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.notifications.NotificationFixtures.World;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;

@QuarkusTest
@WithTestResource(NotificationServers.class)
class SmsDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    TestClock clock;

    @Inject
    NotificationConfig config;

    @AfterEach
    void reset() {
        clock.reset();
    }

    /** What the SMS provider received for {@code phone}, oldest first. */
    private static List<LoggedRequest> received(String phone) {
        return NotificationServers.sms().findAll(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(phone)))).stream()
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    private static UUID confirmation(UUID booking, String channel) {
        return (UUID) Sql.value("SELECT id FROM notification WHERE booking_id = ? AND kind = 'CONFIRMATION' AND channel = ?",
                booking, channel);
    }

    private static Map<String, Object> row(UUID id) {
        return Sql.rows("SELECT status, attempts, body, recipient, last_error, sent_at FROM notification WHERE id = ?", id)
                .get(0);
    }

    @Test
    void shouldHandTheSmsToTheProviderWithTokenSenderAndItsReferenceOnce() {
        LocalDate day = LocalDate.now(NotificationFixtures.STOCKHOLM).plusDays(2);
        World w = NotificationFixtures.world(day);
        String phone = NotificationFixtures.phone();
        UUID booking = NotificationFixtures.book(w, NotificationFixtures.at(day, "10:00"), phone, null);
        UUID id = confirmation(booking, "SMS");

        await().atMost(WAIT).until(() -> "SENT".equals(row(id).get("status")));
        List<LoggedRequest> requests = received(phone);
        assertThat(requests).hasSize(1);
        LoggedRequest sms = requests.get(0);
        assertThat(sms.getHeader("Authorization")).isEqualTo("Bearer " + NotificationServers.SMS_TOKEN);
        assertThat(sms.getHeader("Idempotency-Key")).isEqualTo(id.toString());
        JsonObject body = new JsonObject(sms.getBodyAsString());
        assertThat(body.getString("from")).isEqualTo("Servicekont");
        assertThat(body.getString("to")).isEqualTo(phone);
        assertThat(body.getString("reference")).isEqualTo(id.toString());
        String reference = (String) Sql.value("SELECT reference FROM booking WHERE id = ?", booking);
        assertThat(body.getString("text")).contains(reference).contains("kl. 10:00").startsWith("Bokat:");
        Map<String, Object> sent = row(id);
        assertThat(sent.get("attempts")).isEqualTo(1);
        assertThat(sent.get("body")).isNull();
    }

    @Test
    void shouldBackOffWhileTheProviderFailsAndRecoverWithoutSendingTwice() {
        LocalDate day = LocalDate.now(NotificationFixtures.STOCKHOLM).plusDays(2);
        World w = NotificationFixtures.world(day);
        String phone = NotificationFixtures.phone();
        // The provider fails three times with 500, then hangs past the send timeout, then accepts.
        String scenario = "flaky-" + phone;
        String[] states = { Scenario.STARTED, "500-2", "500-3", "hang", "ok" };
        for (int i = 0; i < states.length; i++) {
            var response = i < 3 ? aResponse().withStatus(500)
                    : i == 3 ? aResponse().withStatus(202).withFixedDelay(7_000) : aResponse().withStatus(202);
            var stub = post(urlEqualTo("/v1/messages")).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                    .inScenario(scenario).whenScenarioStateIs(states[i]).willReturn(response);
            if (i + 1 < states.length) {
                stub = stub.willSetStateTo(states[i + 1]);
            }
            NotificationServers.sms().stubFor(stub);
        }
        UUID booking = NotificationFixtures.book(w, NotificationFixtures.at(day, "11:00"), phone, null);
        UUID id = confirmation(booking, "SMS");

        await().atMost(WAIT).until(() -> "SENT".equals(row(id).get("status")));
        assertThat(row(id).get("attempts")).isEqualTo(5);
        List<LoggedRequest> requests = received(phone);
        assertThat(requests).hasSize(5);
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo(id.toString()));
        // Back-off: 1 s, 2 s, 4 s after the 500s; after the time-out (5 s) the cap of 4 s.
        long[] gaps = new long[4];
        for (int i = 0; i < 4; i++) {
            gaps[i] = requests.get(i + 1).getLoggedDate().getTime() - requests.get(i).getLoggedDate().getTime();
        }
        assertThat(gaps[0]).isGreaterThanOrEqualTo(900);
        assertThat(gaps[1]).isGreaterThanOrEqualTo(1_900);
        assertThat(gaps[2]).isGreaterThanOrEqualTo(3_900);
        assertThat(gaps[3]).isGreaterThanOrEqualTo(8_900);
        // Only one request was ever answered with success: the visitor got one text.
        assertThat(Sql.value("SELECT last_error FROM notification WHERE id = ?", id)).isNull();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> received(phone).size() == 5);
    }

    @Test
    void shouldFailForGoodWhenTheProviderRefusesTheMessage() {
        LocalDate day = LocalDate.now(NotificationFixtures.STOCKHOLM).plusDays(2);
        World w = NotificationFixtures.world(day);
        String phone = NotificationFixtures.phone();
        NotificationServers.sms().stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.to", equalTo(phone))).willReturn(aResponse().withStatus(400)));
        UUID booking = NotificationFixtures.book(w, NotificationFixtures.at(day, "12:00"), phone, null);
        UUID id = confirmation(booking, "SMS");

        await().atMost(WAIT).until(() -> "FAILED".equals(row(id).get("status")));
        Map<String, Object> failed = row(id);
        assertThat(failed.get("attempts")).isEqualTo(1);
        assertThat(failed.get("last_error")).isEqualTo("SMS provider: HTTP 400");
        assertThat(failed.get("body")).isNull();
        assertThat(received(phone)).hasSize(1);
    }

    @Test
    void shouldFailForGoodWhenTheLastAllowedAttemptFailsToo() {
        LocalDate day = LocalDate.now(NotificationFixtures.STOCKHOLM).plusDays(2);
        World w = NotificationFixtures.world(day);
        String phone = NotificationFixtures.phone();
        NotificationServers.sms().stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.to", equalTo(phone))).willReturn(aResponse().withStatus(503)));
        // A message that has already failed max-attempts - 1 times (transient errors) and is due again.
        UUID booking = NotificationFixtures.book(w, NotificationFixtures.at(day, "14:00"), null, null);
        UUID id = UUID.randomUUID();
        Sql.update("INSERT INTO notification (id, booking_id, channel, kind, status, attempts, next_attempt_at, locale, "
                + "recipient, body, last_error, created_at, updated_at) VALUES (?, ?, 'SMS', 'CONFIRMATION', 'PENDING', "
                + "?, now(), 'sv', ?, 'Bokat: ett videomöte', 'SMS provider: HTTP 503', now(), now())", id, booking,
                config.maxAttempts() - 1, phone);

        await().atMost(WAIT).until(() -> "FAILED".equals(row(id).get("status")));
        Map<String, Object> failed = row(id);
        assertThat(failed.get("attempts")).isEqualTo(config.maxAttempts());
        assertThat(failed.get("last_error")).isEqualTo("SMS provider: HTTP 503");
        assertThat(failed.get("body")).isNull();
        // Exactly the one last attempt, and nothing after it.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> received(phone).size() == 1);
        assertThat(row(id).get("status")).isEqualTo("FAILED");
    }

    @Test
    void shouldRetryAnInterruptedSmsWithItsReferenceButNeverAnInterruptedEmail() {
        LocalDate day = LocalDate.now(NotificationFixtures.STOCKHOLM).plusDays(2);
        World w = NotificationFixtures.world(day);
        String phone = NotificationFixtures.phone();
        String email = NotificationFixtures.email();
        // A booking without contact details has no messages of its own; give it two whose instance died mid-send:
        // the attempt recorded (SENDING, attempts 1), the lease run out.
        UUID booking = NotificationFixtures.book(w, NotificationFixtures.at(day, "13:00"), null, null);
        UUID sms = UUID.randomUUID();
        UUID mail = UUID.randomUUID();
        String insert = "INSERT INTO notification (id, booking_id, channel, kind, status, attempts, next_attempt_at, "
                + "lease_until, claimed_by, locale, recipient, subject, body, created_at, updated_at) VALUES (?, ?, ?, "
                + "'CONFIRMATION', 'SENDING', 1, now(), now() - interval '1 minute', 'dead@instance', 'sv', ?, ?, ?, "
                + "now(), now())";
        Sql.update(insert, sms, booking, "SMS", phone, null, "Bokat: ett videomöte");
        Sql.update(insert, mail, booking, "EMAIL", email, "Bokningsbekräftelse", "Hej!");

        await().atMost(WAIT).until(() -> "SENT".equals(row(sms).get("status")));
        assertThat(row(sms).get("attempts")).isEqualTo(2);
        assertThat(received(phone)).singleElement()
                .satisfies(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo(sms.toString()));
        Map<String, Object> lost = row(mail);
        assertThat(lost.get("status")).isEqualTo("FAILED");
        assertThat((String) lost.get("last_error")).contains("interrupted");
        assertThat(lost.get("body")).isNull();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Mails.to(email).isEmpty());
    }
}
