package se.servicekontor.videomote.notifications;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.notifications.NotificationFixtures.World;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;

/** Reminders on the office's wall clock (default: the day before at the same local time, and 2 hours before). */
@QuarkusTest
@WithTestResource(NotificationServers.class)
class ReminderTest {

    @Inject
    TestClock clock;

    @AfterEach
    void reset() {
        clock.reset();
    }

    private static List<String> texts(String phone) {
        return NotificationServers.sms().findAll(postRequestedFor(urlEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.to", equalTo(phone)))).stream()
                .map(r -> new JsonObject(r.getBodyAsString()).getString("text")).toList();
    }

    private static List<Instant> reminderTimes(UUID booking, String status) {
        return Sql.rows("SELECT next_attempt_at FROM notification WHERE booking_id = ? AND kind = 'REMINDER' "
                + "AND channel = 'SMS' AND status = ? ORDER BY next_attempt_at", booking, status).stream()
                .map(r -> ((OffsetDateTime) toOffset(r.get("next_attempt_at"))).toInstant()).toList();
    }

    private static OffsetDateTime toOffset(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o;
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    private static long reminders(String phone) {
        return texts(phone).stream().filter(t -> t.startsWith("Påminnelse")).count();
    }

    @Test
    void shouldRemindTheDayBeforeAtTheSameLocalTimeAcrossTheSpringDstChange() {
        // Summer time starts in Stockholm at 02:00 on Sunday 28 March 2027: Saturday is UTC+1, Sunday UTC+2.
        LocalDate sunday = LocalDate.of(2027, 3, 28);
        clock.pin(Instant.parse("2027-03-26T12:00:00Z"));
        World w = NotificationFixtures.world(sunday);
        String phone = NotificationFixtures.phone();
        UUID booking = NotificationFixtures.book(w, NotificationFixtures.at(sunday, "10:00"), phone,
                NotificationFixtures.email());

        // 10:00 on Saturday is 09:00Z (23 hours before 08:00Z on Sunday), not 24 hours before.
        assertThat(reminderTimes(booking, "PENDING")).containsExactly(Instant.parse("2027-03-27T09:00:00Z"),
                Instant.parse("2027-03-28T06:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> texts(phone).size() == 1); // the confirmation

        clock.pin(Instant.parse("2027-03-27T08:59:00Z"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> reminders(phone) == 0);

        clock.pin(Instant.parse("2027-03-27T09:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reminders(phone) == 1);
        assertThat(texts(phone).stream().filter(t -> t.startsWith("Påminnelse")).findFirst().orElseThrow())
                .contains("söndag 28 mars 2027 kl. 10:00");

        clock.pin(Instant.parse("2027-03-28T06:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reminders(phone) == 2);
        assertThat(reminderTimes(booking, "SENT")).hasSize(2);
    }

    @Test
    void shouldRemindTheDayBeforeAtTheSameLocalTimeAcrossTheAutumnDstChange() {
        // Summer time ends at 03:00 on Sunday 31 October 2027: Saturday is UTC+2, Sunday UTC+1.
        LocalDate sunday = LocalDate.of(2027, 10, 31);
        clock.pin(Instant.parse("2027-10-29T12:00:00Z"));
        World w = NotificationFixtures.world(sunday);
        UUID booking = NotificationFixtures.book(w, NotificationFixtures.at(sunday, "10:00"),
                NotificationFixtures.phone(), null);
        // 10:00 on Saturday is 08:00Z, 25 hours before 09:00Z on Sunday.
        assertThat(reminderTimes(booking, "PENDING")).containsExactly(Instant.parse("2027-10-30T08:00:00Z"),
                Instant.parse("2027-10-31T07:00:00Z"));
    }

    @Test
    void shouldWriteMessagesOnlyForTheWaysOfReachingTheVisitorThatTheBookingHas() {
        LocalDate day = LocalDate.of(2027, 3, 10);
        clock.pin(Instant.parse("2027-03-01T12:00:00Z"));
        World w = NotificationFixtures.world(day);
        UUID none = NotificationFixtures.book(w, NotificationFixtures.at(day, "09:00"), null, null);
        UUID email = NotificationFixtures.book(w, NotificationFixtures.at(day, "10:00"), null,
                NotificationFixtures.email());
        UUID phone = NotificationFixtures.book(w, NotificationFixtures.at(day, "11:00"), NotificationFixtures.phone(),
                null);
        assertThat(NotificationFixtures.rows(none)).isEmpty();
        assertThat(NotificationFixtures.rows(email)).extracting(r -> r.get("kind") + "/" + r.get("channel"))
                .containsExactlyInAnyOrder("CONFIRMATION/EMAIL", "REMINDER/EMAIL", "REMINDER/EMAIL");
        assertThat(NotificationFixtures.rows(phone)).extracting(r -> r.get("kind") + "/" + r.get("channel"))
                .containsExactlyInAnyOrder("CONFIRMATION/SMS", "REMINDER/SMS", "REMINDER/SMS");
    }

    @Test
    void shouldNeverSendTheReminderOfACancelledBookingAndMoveTheRemindersOfAMovedOne() {
        LocalDate day = LocalDate.of(2027, 5, 12);
        clock.pin(Instant.parse("2027-05-10T12:00:00Z"));
        World w = NotificationFixtures.world(day);
        String cancelledPhone = NotificationFixtures.phone();
        String movedPhone = NotificationFixtures.phone();
        UUID cancelled = NotificationFixtures.book(w, NotificationFixtures.at(day, "10:00"), cancelledPhone, null);
        UUID moved = NotificationFixtures.book(w, NotificationFixtures.at(day, "12:00"), movedPhone, null);
        NotificationFixtures.cancel(cancelled);
        NotificationFixtures.reschedule(moved, NotificationFixtures.at(day, "14:00"));

        assertThat(reminderTimes(cancelled, "PENDING")).isEmpty();
        assertThat(reminderTimes(cancelled, "CANCELLED")).hasSize(2);
        assertThat(reminderTimes(moved, "CANCELLED")).containsExactly(Instant.parse("2027-05-11T10:00:00Z"),
                Instant.parse("2027-05-12T08:00:00Z"));
        assertThat(reminderTimes(moved, "PENDING")).containsExactly(Instant.parse("2027-05-11T12:00:00Z"),
                Instant.parse("2027-05-12T10:00:00Z"));

        // Past every reminder time: the cancelled booking's never goes out, the moved one's go out once each.
        clock.pin(Instant.parse("2027-05-12T11:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> reminders(movedPhone) == 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> reminders(cancelledPhone) == 0);
        assertThat(texts(cancelledPhone)).anyMatch(t -> t.startsWith("Avbokat"));
        assertThat(texts(movedPhone)).anyMatch(t -> t.startsWith("Ny tid") && t.contains("kl. 14:00"));
        assertThat(texts(movedPhone).stream().filter(t -> t.startsWith("Påminnelse")))
                .allMatch(t -> t.contains("kl. 14:00"));
    }
}
