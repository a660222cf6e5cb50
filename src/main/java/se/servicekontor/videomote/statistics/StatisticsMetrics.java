package se.servicekontor.videomote.statistics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.common.Db;

/**
 * Prometheus metrics of the visits, read from committed data, never on the visit write path: gauges of waiting
 * visits per office and agency from the queue counters, and histograms of waits and service times and counters of
 * outcomes from the visit history. Labels are office and agency only (bounded sets). History rows are claimed
 * through a shared cursor row, so with several instances each transition is counted by exactly one of them and the
 * sum over instances is exact; the waiting gauges are the same national values on every instance.
 */
@ApplicationScoped
class StatisticsMetrics {

    private static final String WAITING = "SELECT office_id, agency_code, waiting FROM visit_queue_count";

    private static final String LOCK_CURSOR = "SELECT last_id FROM visit_stats_metrics_cursor FOR UPDATE";

    /** The transitions after the cursor, with what the metrics need of each. */
    private static final String AFTER = """
            SELECT t.id, t.action, t.office_id, t.agency_code,
                   CASE WHEN t.action = 'CALLED' THEN extract(epoch FROM t.at - v.queued_at)::float8 END AS wait_seconds,
                   CASE WHEN t.action = 'COMPLETED'
                        THEN extract(epoch FROM t.at - (SELECT max(s.at) FROM visit_transition s
                                                         WHERE s.visit_id = t.visit_id AND s.id < t.id
                                                           AND s.action = 'STARTED'))::float8 END AS service_seconds
              FROM visit_transition t JOIN visit v ON v.id = t.visit_id
             WHERE t.id > $1
             ORDER BY t.id
             LIMIT $2""";

    private static final String MOVE_CURSOR = "UPDATE visit_stats_metrics_cursor SET last_id = $1";

    private static final Duration[] BUCKETS = { Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(20), Duration.ofMinutes(30),
            Duration.ofMinutes(45), Duration.ofMinutes(60), Duration.ofMinutes(90), Duration.ofMinutes(120),
            Duration.ofMinutes(180), Duration.ofMinutes(240) };

    private record Line(String office, String agency) {
    }

    private record Claimed(long id, String action, String office, String agency, Double waitSeconds, Double serviceSeconds) {
    }

    private final Db db;
    private final MeterRegistry registry;
    private final StatisticsConfig config;
    private final Map<Line, AtomicLong> waiting = new ConcurrentHashMap<>();
    /** When this instance first saw each gap in the history ids (System.nanoTime). */
    private final Map<Long, Long> gaps = new ConcurrentHashMap<>();

    StatisticsMetrics(Db db, MeterRegistry registry, StatisticsConfig config) {
        this.db = db;
        this.registry = registry;
        this.config = config;
    }

    @Scheduled(every = "${videomote.statistics.metrics-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return readWaiting().chain(this::countTransitions)
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("Reading visit metrics failed, retrying on the next run: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> readWaiting() {
        return db.pool().query(WAITING).execute().invoke(rows -> {
            Set<Line> seen = new HashSet<>();
            for (Row row : rows) {
                Line line = new Line(row.getString("office_id"), row.getString("agency_code"));
                seen.add(line);
                waiting.computeIfAbsent(line, this::gauge).set(row.getInteger("waiting"));
            }
            waiting.forEach((line, value) -> {
                if (!seen.contains(line)) {
                    value.set(0);
                }
            });
        }).replaceWithVoid();
    }

    private AtomicLong gauge(Line line) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("videomote.visits.waiting", value, AtomicLong::get)
                .description("Visits waiting now, per office and agency")
                .tags("office", line.office(), "agency", line.agency()).register(registry);
        return value;
    }

    /**
     * Claims the transitions after the shared cursor and counts them once the claim has committed. History ids are
     * consecutive except where a transaction rolled back or has not committed yet: a gap is waited for (up to the
     * configured lag, in real time) before the cursor moves past it, so a slow commit is not skipped.
     */
    private Uni<Void> countTransitions() {
        return db.pool().withTransaction(c -> c.query(LOCK_CURSOR).execute()
                .map(rows -> rows.iterator().next().getLong("last_id"))
                .chain(last -> c.preparedQuery(AFTER).execute(Tuple.of(last, config.metricsBatch())).map(rows -> {
                    List<Claimed> all = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        all.add(new Claimed(row.getLong("id"), row.getString("action"), row.getString("office_id"),
                                row.getString("agency_code"), row.getDouble("wait_seconds"),
                                row.getDouble("service_seconds")));
                    }
                    return claimable(last, all);
                }))
                .call(claimed -> claimed.isEmpty() ? Uni.createFrom().voidItem()
                        : c.preparedQuery(MOVE_CURSOR).execute(Tuple.of(claimed.get(claimed.size() - 1).id()))))
                .invoke(claimed -> claimed.forEach(this::record)).replaceWithVoid();
    }

    /** The prefix of {@code rows} without a gap younger than the lag. */
    private List<Claimed> claimable(long last, List<Claimed> rows) {
        List<Claimed> out = new ArrayList<>(rows.size());
        long expected = last + 1;
        long now = System.nanoTime();
        for (Claimed row : rows) {
            if (row.id() != expected) {
                long seen = gaps.computeIfAbsent(expected, id -> now);
                if (now - seen < config.metricsLag().toNanos()) {
                    break;
                }
                gaps.remove(expected);
            }
            out.add(row);
            expected = row.id() + 1;
        }
        if (gaps.size() > 1000) {
            gaps.clear();
        }
        return out;
    }

    private void record(Claimed t) {
        switch (t.action()) {
            case "ISSUED" -> counter("videomote.visits.issued", "Visits that arrived (tickets issued)", t, null)
                    .increment();
            case "CALLED" -> {
                if (t.waitSeconds() != null) {
                    timer("videomote.visit.wait", "Wait from arrival to being called", t)
                            .record(Duration.ofMillis(Math.max(0, Math.round(t.waitSeconds() * 1000))));
                }
            }
            case "COMPLETED" -> {
                counter("videomote.visits.outcomes", "Visits by outcome", t, "completed").increment();
                if (t.serviceSeconds() != null) {
                    timer("videomote.visit.service", "Service time from start to completion", t)
                            .record(Duration.ofMillis(Math.max(0, Math.round(t.serviceSeconds() * 1000))));
                }
            }
            case "NO_SHOW" -> counter("videomote.visits.outcomes", "Visits by outcome", t, "no_show").increment();
            case "CANCELLED" -> counter("videomote.visits.outcomes", "Visits by outcome", t, "cancelled").increment();
            case "TRANSFERRED" -> counter("videomote.visits.outcomes", "Visits by outcome", t, "transferred")
                    .increment();
            default -> {
            }
        }
    }

    private Counter counter(String name, String description, Claimed t, String outcome) {
        Counter.Builder b = Counter.builder(name).description(description).tags("office", t.office(), "agency",
                t.agency());
        if (outcome != null) {
            b.tag("outcome", outcome);
        }
        return b.register(registry);
    }

    private Timer timer(String name, String description, Claimed t) {
        return Timer.builder(name).description(description).tags("office", t.office(), "agency", t.agency())
                .serviceLevelObjectives(BUCKETS).register(registry);
    }
}
