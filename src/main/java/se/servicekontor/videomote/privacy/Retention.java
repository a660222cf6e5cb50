package se.servicekontor.videomote.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.live.EventLog;
import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.privacy.Audit.Resource;
import se.servicekontor.videomote.privacy.PrivacyQueries.Touched;

/**
 * Erases the personal data (name, phone, e-mail, personal number) of bookings and visits that ended more than
 * {@code videomote.privacy.retention} ago, and live events older than that. Every instance runs it; each batch claims
 * its rows with {@code FOR UPDATE SKIP LOCKED} and marks them erased in the same transaction, so no row is erased
 * (or audited) twice. The rows themselves, their statuses, times and transitions stay: statistics keep working.
 */
@ApplicationScoped
public class Retention {

    /** The actor of the job's ERASE entries in the access log. */
    static final String ACTOR = "system:retention";
    static final String ROLE = "system";

    /** What one run erased. */
    public record Erased(int bookings, int visits, int events) {
    }

    private final Db db;
    private final PrivacyQueries queries;
    private final EventLog log;
    private final Audit audit;
    private final PrivacyConfig config;
    private final Clock clock;

    Retention(Db db, PrivacyQueries queries, EventLog log, Audit audit, PrivacyConfig config, Clock clock) {
        this.db = db;
        this.queries = queries;
        this.log = log;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${videomote.privacy.retention-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().invoke(e -> {
            if (e.bookings() + e.visits() + e.events() > 0) {
                Log.infof("Retention erased the personal data of %d booking(s) and %d visit(s), and %d live event(s)",
                        e.bookings(), e.visits(), e.events());
            }
        }).replaceWithVoid();
    }

    /** Erases everything due now. */
    public Uni<Erased> run() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(config.retention());
        // Live events carry the log's own (real) time, like their purge in the live feature.
        Instant eventCutoff = Instant.now().minus(config.retention());
        return bookings(cutoff, now, 0).chain(b -> visits(cutoff, now, 0)
                .chain(v -> events(eventCutoff, 0).map(e -> new Erased(b, v, e))));
    }

    private Uni<Integer> bookings(Instant cutoff, Instant now, int sofar) {
        int batch = config.retentionBatch();
        return db.inTransaction(tx -> queries.eraseBookings(tx.connection(), cutoff, batch, now)
                .call(erased -> audit.record(tx, erasures(Resource.BOOKING, erased))))
                .chain(erased -> erased.size() < batch ? Uni.createFrom().item(sofar + erased.size())
                        : bookings(cutoff, now, sofar + erased.size()));
    }

    private Uni<Integer> visits(Instant cutoff, Instant now, int sofar) {
        int batch = config.retentionBatch();
        return db.inTransaction(tx -> queries.eraseVisits(tx.connection(), cutoff, batch, now)
                .call(erased -> audit.record(tx, erasures(Resource.VISIT, erased))))
                .chain(erased -> erased.size() < batch ? Uni.createFrom().item(sofar + erased.size())
                        : visits(cutoff, now, sofar + erased.size()));
    }

    private Uni<Integer> events(Instant cutoff, int sofar) {
        int batch = config.retentionBatch();
        return log.purge(cutoff, batch).chain(n -> n < batch
                ? Uni.createFrom().item(sofar + n) : events(cutoff, sofar + n));
    }

    private static List<Audit.Entry> erasures(Resource resource, List<Touched> erased) {
        List<Audit.Entry> entries = new ArrayList<>(erased.size());
        for (Touched t : erased) {
            entries.add(new Audit.Entry(t.officeId(), ACTOR, ROLE, Action.ERASE, resource, t.id()));
        }
        return entries;
    }
}
