package se.servicekontor.videomote.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.notifications.NotificationFixtures.World;
import se.servicekontor.videomote.testing.Sql;

/** Addresses and texts of messages go with the booking's retention (videomote.privacy.retention, 30 days). */
@QuarkusTest
@WithTestResource(NotificationServers.class)
class RetentionTest {

    @Inject
    NotificationWorker worker;

    @Test
    void shouldEraseAddressesOfBookingsThatEndedLongerAgoThanRetentionOnly() {
        LocalDate day = LocalDate.now(NotificationFixtures.STOCKHOLM).plusDays(3);
        World w = NotificationFixtures.world(day);
        UUID old = NotificationFixtures.book(w, NotificationFixtures.at(day, "10:00"), NotificationFixtures.phone(),
                NotificationFixtures.email());
        UUID recent = NotificationFixtures.book(w, NotificationFixtures.at(day, "11:00"), NotificationFixtures.phone(),
                NotificationFixtures.email());
        NotificationFixtures.cancel(old);
        NotificationFixtures.cancel(recent);
        await().atMost(Duration.ofSeconds(30)).until(() -> Sql.count("SELECT count(*) FROM notification WHERE "
                + "booking_id IN (?, ?) AND status IN ('PENDING', 'SENDING')", old, recent) == 0);
        Sql.update("UPDATE booking SET status_changed_at = now() - interval '31 days' WHERE id = ?", old);
        Sql.update("UPDATE booking SET status_changed_at = now() - interval '29 days' WHERE id = ?", recent);

        worker.erasePastRetention().await().atMost(Duration.ofSeconds(10));

        assertThat(Sql.count("SELECT count(*) FROM notification WHERE booking_id = ? AND (recipient IS NOT NULL "
                + "OR body IS NOT NULL OR erased_at IS NULL)", old)).isZero();
        assertThat(Sql.count("SELECT count(*) FROM notification WHERE booking_id = ? AND recipient IS NOT NULL "
                + "AND erased_at IS NULL", recent)).isEqualTo(Sql.count(
                        "SELECT count(*) FROM notification WHERE booking_id = ?", recent));
        // What statistics and the desk need stays.
        Map<String, Object> kept = Sql.rows("SELECT count(*) AS n FROM notification WHERE booking_id = ? "
                + "AND kind = 'CONFIRMATION' AND status = 'SENT' AND sent_at IS NOT NULL", old).get(0);
        assertThat(((Number) kept.get("n")).longValue()).isEqualTo(2);
    }
}
