package se.servicekontor.videomote.statistics;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    /**
     * Claims the transitions after the cursor, up to the first one younger than the lag (its transaction's
     * neighbours may still be committing), advances the cursor, and returns what the metrics need of each.
     */
    private static final String CLAIM = """
            WITH cur AS MATERIALIZED (
                SELECT last_id FROM visit_stats_metrics_cursor FOR UPDATE
            ), batch AS MATERIALIZED (
                SELECT t.id, t.visit_id, t.action, t.office_id, t.agency_code, t.at
                  FROM visit_transition t, cur
                 WHERE t.id > cur.last_id
                   AND t.id < coalesce((SELECT min(y.id) FROM visit_transition y, cur c2
                                         WHERE y.id > c2.last_id AND y.at >= $1), 9223372036854775807)
                 ORDER BY t.id
                 LIMIT $2
            ), moved AS (
                UPDATE visit_stats_metrics_cursor SET last_id = (SELECT max(id) FROM batch)
                 WHERE EXISTS (SELECT 1 FROM batch)
            )
            SELECT b.action, b.office_id, b.agency_code,
                   CASE WHEN b.action = 'CALLED' THEN extract(epoch FROM b.at - v.queued_at)::float8 END AS wait_seconds,
                   CASE WHEN b.action = 'COMPLETED'
                        THEN extract(epoch FROM b.at - (SELECT max(s.at) FROM visit_transition s
                                                         WHERE s.visit_id = b.visit_id AND s.id < b.id
                                                           AND s.action = 'STARTED'))::float8 END AS service_seconds
              FROM batch b JOIN visit v ON v.id = b.visit_id
             ORDER BY b.id""";

    private static final Duration[] BUCKETS = { Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(20), Duration.ofMinutes(30),
            Duration.ofMinutes(45), Duration.ofMinutes(60), Duration.ofMinutes(90), Duration.ofMinutes(120),
            Duration.ofMinutes(180), Duration.ofMinutes(240) };

    private record Line(String office, String agency) {
    }

    private record Claimed(String action, String office, String agency, Double waitSeconds, Double serviceSeconds) {
    }

    private final Db db;
    private final MeterRegistry registry;
    private final StatisticsConfig config;
    private final Clock clock;
    private final Map<Line, AtomicLong> waiting = new ConcurrentHashMap<>();

    StatisticsMetrics(Db db, MeterRegistry registry, StatisticsConfig config, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
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

    private Uni<Void> countTransitions() {
        OffsetDateTime before = OffsetDateTime.ofInstant(clock.instant().minus(config.metricsLag()), ZoneOffset.UTC);
        // Recorded only after the claim committed: a claim that rolls back is claimed again by the next run.
        return db.pool().withTransaction(c -> c.preparedQuery(CLAIM).execute(Tuple.of(before, config.metricsBatch()))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new Claimed(row.getString("action"), row.getString("office_id"),
                                row.getString("agency_code"), row.getDouble("wait_seconds"),
                                row.getDouble("service_seconds")));
                    }
                    return out;
                }))
                .invoke(claimed -> claimed.forEach(this::record)).replaceWithVoid();
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
