package se.servicekontor.videomote.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.notifications.NotificationQueries.Claimed;

/**
 * Delivers the outbox, on every instance at once: due messages are claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * each is handed to one instance.
 *
 * <p>Never twice: the claim records the attempt (SENDING, attempts + 1, a lease) and commits BEFORE the provider is
 * called. When the instance dies mid-send, the message stays SENDING until its lease runs out; then
 * <ul>
 * <li>an SMS is tried again with the same client reference (the message id, sent as {@code Idempotency-Key} and
 * {@code reference}), which the provider deduplicates: delivered once;</li>
 * <li>an e-mail is FAILED: SMTP has no idempotency key and the server may have accepted it, so e-mail is at most
 * once after a recorded attempt.</li>
 * </ul>
 * A failed attempt is retried after an exponential back-off ({@code initial-backoff} doubling up to
 * {@code max-backoff}); after {@code max-attempts}, or when the provider refuses the message for good, it is FAILED.
 * The text of a message is dropped once it is final; its address stays until retention.
 */
@ApplicationScoped
class NotificationWorker {

    /** This process, as recorded with each attempt it makes. */
    static final String INSTANCE = ProcessHandle.current().pid() + "@" + host();

    /** The pod's or machine's name, without a DNS look-up. */
    private static String host() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "local" : host;
    }

    private final NotificationQueries queries;
    private final NotificationConfig config;
    private final SmsProvider sms;
    private final EmailSender email;
    private final Pool pool;
    private final Clock clock;
    private final Duration retention;

    NotificationWorker(NotificationQueries queries, NotificationConfig config, SmsProvider sms, EmailSender email,
            Db db, Clock clock,
            @ConfigProperty(name = "videomote.privacy.retention", defaultValue = "P30D") Duration retention) {
        this.queries = queries;
        this.config = config;
        this.sms = sms;
        this.email = email;
        this.pool = db.pool();
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(every = "${videomote.notifications.poll-every:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return deliverDue().replaceWithVoid()
                .onFailure().invoke(e -> Log.warnf("Notification round failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "${videomote.notifications.turn-soon-every:10s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> turnSoon() {
        return releaseTurnSoon().replaceWithVoid().onFailure().recoverWithNull();
    }

    @Scheduled(every = "${videomote.notifications.retention-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retention() {
        return erasePastRetention().replaceWithVoid().onFailure().recoverWithNull();
    }

    /** One round: recovers attempts of dead instances, then claims and sends a batch. Answers how many were claimed. */
    Uni<Integer> deliverDue() {
        Instant now = clock.instant();
        return queries.recover(pool, now, config.maxAttempts()).invoke(recovered -> {
            if (!recovered.isEmpty()) {
                Log.infof("Recovered %d interrupted notification attempts: %d to retry, %d failed", recovered.size(),
                        recovered.stream().filter(s -> s == NotificationStatus.PENDING).count(),
                        recovered.stream().filter(s -> s == NotificationStatus.FAILED).count());
            }
        }).chain(() -> queries.claim(pool, now, now.plus(config.lease()), config.batch(), INSTANCE)).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Multi.createFrom().iterable(claimed).onItem().transformToUniAndMerge(this::deliver)
                    .collect().asList().map(done -> claimed.size());
        });
    }

    private Uni<Void> deliver(Claimed m) {
        Uni<Void> send;
        if (m.recipient() == null || m.body() == null) {
            send = Uni.createFrom().failure(new DeliveryException("nothing to send (erased)", true));
        } else if (m.channel() == NotificationChannel.SMS) {
            send = Uni.createFrom().deferred(() -> sms.send(new SmsProvider.Sms(m.recipient(), m.body(), m.id().toString())));
        } else {
            send = Uni.createFrom().deferred(() -> email.send(m.id().toString(), m.recipient(), m.subject(), m.body(),
                    m.calendar()));
        }
        return send.chain(() -> queries.sent(pool, m.id(), m.attempts(), clock.instant()).invoke(recorded -> {
            if (recorded) {
                Log.infof("Notification %s (%s %s) sent on attempt %d", m.id(), m.kind(), m.channel(), m.attempts());
            } else {
                Log.warnf("Notification %s (%s %s) sent, but its attempt had been taken over meanwhile", m.id(),
                        m.kind(), m.channel());
            }
        }).replaceWithVoid()).onFailure().recoverWithUni(e -> failed(m, e));
    }

    private Uni<Void> failed(Claimed m, Throwable e) {
        Instant now = clock.instant();
        DeliveryException d = e instanceof DeliveryException de ? de
                : new DeliveryException("error: " + e.getClass().getSimpleName(), false);
        boolean last = d.permanent() || m.attempts() >= config.maxAttempts();
        NotificationStatus next = last ? NotificationStatus.FAILED : NotificationStatus.PENDING;
        Instant retryAt = last ? now : now.plus(backoff(m.attempts()));
        String reason = d.getMessage() == null ? "error" : d.getMessage();
        return queries.failedAttempt(pool, m.id(), m.attempts(), now, next, retryAt,
                reason.length() > 300 ? reason.substring(0, 300) : reason).invoke(recorded -> {
                    if (last) {
                        Log.infof("Notification %s (%s %s) FAILED after %d attempts: %s", m.id(), m.kind(),
                                m.channel(), m.attempts(), reason);
                    } else {
                        Log.debugf("Notification %s (%s %s) attempt %d failed (%s); next at %s", m.id(), m.kind(),
                                m.channel(), m.attempts(), reason, retryAt);
                    }
                }).replaceWithVoid();
    }

    /** The wait after the {@code attempts}-th failed attempt: initial × 2^(attempts−1), at most max-backoff. */
    Duration backoff(int attempts) {
        Duration wait = config.initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    /** Releases the "your turn soon" SMS of walk-ins that are near the front now; answers how many changed. */
    Uni<Integer> releaseTurnSoon() {
        Instant now = clock.instant();
        return queries.releaseTurnSoon(pool, now, config.turnSoonAhead(), 500).invoke(changed -> {
            long released = changed.stream().filter(s -> s == NotificationStatus.PENDING).count();
            if (!changed.isEmpty()) {
                Log.debugf("TURN_SOON: %d released, %d cancelled (visit no longer waiting)", released,
                        changed.size() - released);
            }
        }).map(List::size);
    }

    /** Erases addresses and texts of messages whose booking or visit ended more than the retention ago. */
    Uni<Integer> erasePastRetention() {
        Instant now = clock.instant();
        return queries.erase(pool, now, now.minus(retention), 1000).invoke(n -> {
            if (n > 0) {
                Log.infof("Erased the personal data of %d notifications past retention", n);
            }
        });
    }
}
