package se.servicekontor.videomote.visits;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Tx;

/**
 * Publishes each agency's national waiting counts ({@code queue.summary} on its {@code agency:} stream, which every
 * officer of the agency follows) as the latest value, not as history. A change only marks its agencies, after it
 * committed; every {@code videomote.visits.agency-summary-interval} the marked agencies' counts are read from
 * committed rows and appended, one event per agency however many tickets changed them.
 *
 * <p>So no ticket, call or transfer touches a row that every office of an agency shares: the agency stream's counter
 * row is written by at most one small transaction per agency and interval on each instance. Instances publish what
 * they changed; an advisory lock per agency makes their publications read and append in turn, so the last event of
 * the stream always holds counts at least as new as every change committed before it was read.
 */
@ApplicationScoped
class AgencyWaitingPublisher {

    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('agency-waiting:' || $1, 0))";

    private final Db db;
    private final VisitQueries queries;
    private final VisitsConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final Set<String> marked = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean publishing = new AtomicBoolean();
    private volatile long timer = -1;

    AgencyWaitingPublisher(Db db, VisitQueries queries, VisitsConfig config, Clock clock, Vertx vertx) {
        this.db = db;
        this.queries = queries;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    /** A Vert.x timer, not the scheduler: the scheduler runs nothing more often than once a second. */
    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.agencySummaryInterval().toMillis(), id -> {
            if (!marked.isEmpty() && publishing.compareAndSet(false, true)) {
                publish().onTermination().invoke(() -> publishing.set(false)).subscribe().with(ok -> {
                }, e -> Log.warnf("Publishing agency waiting counts failed: %s", e.toString()));
            }
        });
    }

    /** The waiting counts of {@code agencies} change with {@code tx}: publish them once it has committed. */
    void changed(Tx tx, Collection<String> agencies) {
        List<String> copy = List.copyOf(agencies);
        tx.afterCommit(() -> marked.addAll(copy));
    }

    Uni<Void> publish() {
        if (marked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> agencies = List.copyOf(marked);
        marked.removeAll(agencies);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String agency : agencies) {
            chain = chain.call(() -> publish(agency).onFailure().recoverWithUni(e -> {
                Log.warnf("Waiting counts of agency %s not published (%s); retrying", agency, e.toString());
                marked.add(agency);
                return Uni.createFrom().voidItem();
            }));
        }
        return chain;
    }

    private Uni<Void> publish(String agency) {
        return db.inTransaction(tx -> tx.connection().preparedQuery(LOCK).execute(Tuple.of(agency))
                .chain(() -> queries.agencyWaiting(tx.connection(), agency, clock.instant(),
                        config.interpreterLanguage()))
                .invoke(waiting -> tx.emit(VisitEvents.agencySummary(waiting)))
                .replaceWithVoid());
    }

    /** What was marked but not yet published goes out before the instance stops. */
    void flush(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        try {
            publish().await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            Log.warnf("Waiting counts not published at shutdown (%s); the next change publishes them", e.toString());
        }
    }
}
