package se.servicekontor.videomote.bench.push;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import se.servicekontor.videomote.bench.harness.Args;
import se.servicekontor.videomote.bench.harness.Keys;
import se.servicekontor.videomote.bench.harness.Latency;
import se.servicekontor.videomote.bench.harness.Pgbench;
import se.servicekontor.videomote.bench.harness.ProcessMemory;
import se.servicekontor.videomote.bench.harness.Scenario;
import se.servicekontor.videomote.bench.harness.ServiceApi;
import se.servicekontor.videomote.bench.harness.Table;
import se.servicekontor.videomote.bench.harness.Tokens;
import se.servicekontor.videomote.bench.harness.WsFleet;

/**
 * Issue 5's push benchmark. For each client count N, against the service and then against the bare broadcast server:
 * connect N clients to one stream, cause events at a steady rate, and measure for each event the time from sending
 * its cause to its receipt by the first and by the last (slowest) of the N clients. Then hold many idle display
 * connections on each server and compare memory per connection. Then measure one commit with pgbench on the same
 * database. Prints every figure with the service/bare ratio and whether issue 5's goal holds.
 */
public final class PushScenario implements Scenario {

    /** A server under test and how to cause events on it. */
    private record Target(String name, URI uri, long pid, EventSource source, HttpClient http) {
    }

    /** The figures of one (target, N) phase. */
    private record PushResult(String target, int clients, int connected, double connectSeconds, int connectFailures,
            int measured,
            int complete, int incomplete, int failedCauses, int unmatched, int skipped, long orderErrors,
            int closedDuringRun, Latency cause, Latency first, Latency slowest, Latency stampToSlowest, double maxLagMs) {
    }

    private record IdleResult(String target, int requested, int connected, int failed, int open,
            ProcessMemory.Sample before, ProcessMemory.Sample after) {
    }

    /** Event loops of the WebSocket clients. */
    private Vertx vertx;
    /** A separate event loop for the causes, so that sending them never waits behind the clients' messages. */
    private Vertx causeVertx;
    private int connectConcurrency;
    private Duration connectTimeout;
    private double rate;
    private Duration warmup;
    private Duration duration;
    private Duration drain;

    @Override
    public int run(Args args) throws Exception {
        URI serviceUri = URI.create(args.required("service"));
        long servicePid = Long.parseLong(args.required("service-pid"));
        URI bareUri = URI.create(args.required("bare"));
        long barePid = Long.parseLong(args.required("bare-pid"));
        Path keys = Path.of(args.required("keys"));
        String issuer = args.required("issuer");
        Pgbench pg = new Pgbench(args.string("pg-host", "127.0.0.1"), args.integer("pg-port", 5432),
                args.string("pg-user", "postgres"), args.required("db"));
        List<Integer> clientCounts = args.integers("clients", "1000,5000");
        rate = args.decimal("rate", 10);
        warmup = args.seconds("warmup", 5);
        duration = args.seconds("duration", 30);
        drain = args.seconds("drain", 10);
        int lanes = args.integer("lanes", 16);
        String sourceName = args.string("source", "visits");
        int idle = args.integer("idle", 10_000);
        Duration idleHold = args.seconds("idle-hold", 30);
        connectConcurrency = args.integer("connect-concurrency", 128);
        connectTimeout = args.seconds("connect-timeout", 300);
        args.rejectUnused();

        Tokens tokens = new Tokens(Keys.readPrivate(keys.resolve("private.pem")), issuer);
        ServiceApi api = new ServiceApi(serviceUri, tokens);
        EventSource source = source(sourceName, lanes);
        source.prepare(api);

        vertx = Vertx.vertx();
        // Vert.x 4.5's WebSocket client cancels a handshake timer only if its id is > 0 (Http1xClientConnection
        // .toWebSocket), so the instance's very first timer, id 0, would close the first client 30 s after it
        // connected, with 1000. Use id 0 up here.
        vertx.cancelTimer(vertx.setTimer(60_000, id -> {
        }));
        causeVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            Target service = target("service", serviceUri, servicePid, source, lanes);
            Target bare = target("bare", bareUri, barePid, new BareSource(source), lanes);
            int perCause = 1 + source.bareFollowers(0, 0).size(); // messages each client gets per cause
            System.out.printf(Locale.ROOT, "events: %s%nbaseline: %s%nrate %.1f events/s (%s messages/s at N = %s),"
                    + " warm-up %d s, measured %d s per phase, connect concurrency %d%n%n", source.describe(),
                    bare.source().describe(), rate, clientCounts.stream().map(n -> String.format(Locale.ROOT, "%.0f",
                            n * rate * perCause)).toList(), clientCounts, warmup.toSeconds(), duration.toSeconds(),
                    connectConcurrency);
            System.out.flush();

            List<PushResult> push = new ArrayList<>();
            for (int n : clientCounts) {
                for (Target t : List.of(service, bare)) {
                    push.add(push(t, n));
                }
            }
            List<IdleResult> idleResults = new ArrayList<>();
            if (idle > 0) {
                for (Target t : List.of(service, bare)) {
                    idleResults.add(idle(t, tokens, idle, idleHold));
                }
            }
            progress("one commit: pgbench, 1 client, %.1f/s for %d s, without and with NOTIFY", rate, duration.toSeconds());
            Pgbench.Result[] commit = oneCommit(pg);

            report(push, idleResults, commit[0], commit[1], idle, idleHold);
            return 0;
        } finally {
            causeVertx.close().toCompletionStage().toCompletableFuture().join();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * The event sources, by {@code --source}: "visits" (issue 5's display clients, visit events; the default) or
     * "room-status" (desk clients, room status changes; what was measured before visits were merged).
     */
    private static EventSource source(String name, int lanes) {
        return switch (name) {
            case "visits" -> new VisitSource("bench-office", lanes);
            case "room-status" -> new RoomStatusSource("bench-office", lanes);
            default -> throw new IllegalArgumentException("unknown --source " + name + " (known: visits, room-status)");
        };
    }

    private Target target(String name, URI uri, long pid, EventSource source, int lanes) {
        HttpClient http = causeVertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(lanes));
        return new Target(name, uri, pid, source, http);
    }

    // --- push ------------------------------------------------------------------------------------------------

    private PushResult push(Target t, int n) throws Exception {
        EventSource source = t.source();
        Deliveries deliveries = new Deliveries(source, n);
        progress("%s: connecting %d clients to %s", t.name(), n, source.clientPath());
        long t0 = System.nanoTime();
        WsFleet fleet = WsFleet.connect(vertx, t.uri().getHost(), t.uri().getPort(), source.clientPath(),
                source.clientToken(), n, connectConcurrency, connectTimeout, deliveries);
        try {
            awaitSnapshots(deliveries, fleet);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            progress("%s: %d connected (%d failed) in %.1f s; snapshot seq %d; causing events", t.name(), fleet.open(),
                    fleet.failed(), connectSeconds, deliveries.commonSnapshotSeq());
            if (fleet.failed() > 0) {
                progress("%s: connect failures %s", t.name(), fleet.failures());
            }
            CauseGenerator causes = new CauseGenerator(causeVertx, t.http(), source, rate, warmup, duration);
            causes.run();
            // Drain: wait until every event is at every client that is still open, or give up after the drain time.
            int expected = causes.succeeded();
            long deadline = System.nanoTime() + drain.toNanos();
            while (deliveries.completeEvents(fleet.open()) < expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            PushResult result = evaluate(t.name(), n, connectSeconds, fleet, deliveries, causes);
            if (deliveries.closed() > 0) {
                progress("%s: %d clients closed during the run, by close code: %s", t.name(), deliveries.closed(),
                        deliveries.closes());
            }
            progress("%s: N=%d slowest client p50 %s ms, p99 %s ms (%d events)", t.name(), n,
                    Table.ms(result.slowest().p50()), Table.ms(result.slowest().p99()), result.slowest().count());
            return result;
        } finally {
            fleet.close();
            Thread.sleep(1000); // let the server forget the clients before the next phase
        }
    }

    private void awaitSnapshots(Deliveries deliveries, WsFleet fleet) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (deliveries.snapshots() < fleet.open() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Pairs each lane's events with its successful causes, in order, and computes the latencies of measured ones. */
    private PushResult evaluate(String target, int n, double connectSeconds, WsFleet fleet, Deliveries deliveries,
            CauseGenerator causes) {
        int open = fleet.open();
        Latency cause = new Latency();
        Latency first = new Latency();
        Latency slowest = new Latency();
        Latency stamp = new Latency();
        int measured = 0;
        int complete = 0;
        int incomplete = 0;
        int failed = 0;
        int unmatched = 0;
        long maxLag = 0;
        for (int lane = 0; lane < causes.lanes(); lane++) {
            // The k-th event of a lane belongs to the k-th cause answered 2xx (4xx causes made none). After a cause
            // of unknown outcome nothing in the lane can be paired any more.
            List<CauseGenerator.Cause> ok = new ArrayList<>();
            boolean poisoned = false;
            for (CauseGenerator.Cause c : causes.lane(lane)) {
                poisoned |= c.unknown();
                if (c.ok() && !poisoned) {
                    ok.add(c);
                } else if (c.measured) {
                    failed++;
                }
            }
            List<Deliveries.Arrival> events = deliveries.lane(lane);
            if (!poisoned) {
                unmatched += Math.abs(ok.size() - events.size());
            }
            for (int i = 0; i < Math.min(ok.size(), events.size()); i++) {
                CauseGenerator.Cause c = ok.get(i);
                if (!c.measured) {
                    continue;
                }
                Deliveries.Arrival a = events.get(i);
                long sent = c.response.sentNanos();
                measured++;
                maxLag = Math.max(maxLag, sent - c.dueNanos);
                cause.recordNanos(c.response.nanos());
                first.recordNanos(a.first.get() - sent);
                if (a.count.get() >= open && open > 0) {
                    complete++;
                    slowest.recordNanos(a.last.get() - sent);
                    if (a.stampMicros > 0) {
                        stamp.recordMicros(deliveries.wallMicros(a.last.get()) - a.stampMicros);
                    }
                } else {
                    incomplete++;
                }
            }
        }
        return new PushResult(target, n, open, connectSeconds, fleet.failed(), measured, complete, incomplete, failed, unmatched,
                causes.skipped(), deliveries.gaps() + deliveries.duplicates() + deliveries.malformed(),
                deliveries.closed(), cause, first, slowest, stamp, maxLag / 1e6);
    }

    // --- idle connections ------------------------------------------------------------------------------------

    private IdleResult idle(Target t, Tokens tokens, int n, Duration hold) throws Exception {
        String path = "/ws/v1/offices/" + t.source().office() + "/display";
        ProcessMemory.Sample before = ProcessMemory.afterFullGc(t.pid());
        Deliveries deliveries = new Deliveries(t.source(), n);
        progress("%s: holding %d idle clients on %s", t.name(), n, path);
        WsFleet fleet = WsFleet.connect(vertx, t.uri().getHost(), t.uri().getPort(), path,
                tokens.kiosk(t.source().office()), n, connectConcurrency, connectTimeout, deliveries);
        try {
            awaitSnapshots(deliveries, fleet);
            int connected = fleet.open();
            progress("%s: %d connected (%d failed); holding %d s", t.name(), connected, fleet.failed(), hold.toSeconds());
            if (fleet.failed() > 0) {
                progress("%s: connect failures %s", t.name(), fleet.failures());
            }
            Thread.sleep(hold.toMillis());
            ProcessMemory.Sample after = ProcessMemory.afterFullGc(t.pid());
            return new IdleResult(t.name(), n, connected, fleet.failed(), fleet.open(), before, after);
        } finally {
            fleet.close();
            Thread.sleep(1000);
        }
    }

    // --- one commit ------------------------------------------------------------------------------------------

    /**
     * "One commit" of issue 5's goal: a single-row UPDATE in its own transaction (autocommit), one client, at the push
     * rate, on the same database. Then, as a diagnostic, the same with a {@code pg_notify} in the transaction, as the
     * service's writes have (NOTIFY serialises commits cluster-wide).
     */
    private Pgbench.Result[] oneCommit(Pgbench pg) throws Exception {
        pg.sql("CREATE TABLE bench_one_commit (id int PRIMARY KEY, n bigint NOT NULL); INSERT INTO bench_one_commit VALUES (1, 0)");
        try {
            Pgbench.Result plain = pg.run(new Pgbench.Run("UPDATE bench_one_commit SET n = n + 1 WHERE id = 1;\n", 1,
                    rate, duration, Map.of()));
            Pgbench.Result notify = pg.run(new Pgbench.Run("""
                    BEGIN;
                    UPDATE bench_one_commit SET n = n + 1 WHERE id = 1;
                    SELECT pg_notify('bench_one_commit', 'bench 1');
                    COMMIT;
                    """, 1, rate, duration, Map.of()));
            return new Pgbench.Result[] { plain, notify };
        } finally {
            pg.sql("DROP TABLE bench_one_commit");
        }
    }

    // --- report ----------------------------------------------------------------------------------------------

    private void report(List<PushResult> push, List<IdleResult> idle, Pgbench.Result commit, Pgbench.Result notify,
            int idleN, Duration hold) {
        System.out.println("== push: cause sent -> event received (ms); 'slowest' = the last of the N clients to get it");
        Table t = new Table("N", "server", "connected", "connect s", "events", "complete", "cause p50", "cause p99",
                "first p50", "first p99", "slowest p50", "slowest p99", "slowest max", "stamp->slowest p99");
        for (PushResult r : push) {
            t.row(r.clients(), r.target(), r.connected(), String.format(Locale.ROOT, "%.1f", r.connectSeconds()),
                    r.measured(), r.complete(), r.cause().p50(), r.cause().p99(),
                    r.first().p50(), r.first().p99(), r.slowest().p50(), r.slowest().p99(), r.slowest().maxMs(),
                    r.stampToSlowest().p99());
        }
        System.out.println(t);

        System.out.printf(Locale.ROOT, "== one commit: pgbench, 1 client at %.1f/s, same database (ms)%n", rate);
        Table o = new Table("transaction", "count", "p50", "p99", "max");
        o.row("single-row UPDATE (the goal's 'one commit')", commit.transactions(), commit.latency().p50(),
                commit.latency().p99(), commit.latency().maxMs());
        o.row("same + pg_notify (diagnostic)", notify.transactions(), notify.latency().p50(), notify.latency().p99(),
                notify.latency().maxMs());
        System.out.println(o);

        System.out.println("== goal (issue 5): service p99 <= 2 x bare p99 + one commit p99, at the slowest client");
        Table g = new Table("N", "service p50", "bare p50", "ratio p50", "service p99", "bare p99", "ratio p99",
                "limit", "goal");
        boolean valid = true;
        for (int i = 0; i + 1 < push.size(); i += 2) {
            PushResult s = push.get(i);
            PushResult b = push.get(i + 1);
            double limit = 2 * b.slowest().p99() + commit.latency().p99();
            double sp99 = s.slowest().p99();
            String verdict = Double.isNaN(sp99) || Double.isNaN(limit) ? "not measured" : sp99 <= limit ? "met" : "NOT met";
            g.row(s.clients(), s.slowest().p50(), b.slowest().p50(), Table.ratio(s.slowest().p50(), b.slowest().p50()),
                    sp99, b.slowest().p99(), Table.ratio(sp99, b.slowest().p99()), limit, verdict);
        }
        System.out.println(g);

        System.out.println("== checks (all should be 0)");
        Table c = new Table("N", "server", "connect failures", "failed causes", "skipped causes", "unmatched events",
                "incomplete events", "order errors", "closed during run", "max send lag ms");
        for (PushResult r : push) {
            c.row(r.clients(), r.target(), r.connectFailures(), r.failedCauses(), r.skipped(), r.unmatched(),
                    r.incomplete(), r.orderErrors(), r.closedDuringRun(), r.maxLagMs());
            valid &= r.connectFailures() == 0 && r.failedCauses() == 0 && r.skipped() == 0 && r.unmatched() == 0
                    && r.incomplete() == 0 && r.orderErrors() == 0 && r.closedDuringRun() == 0;
        }
        System.out.println(c);

        if (!idle.isEmpty()) {
            System.out.printf(Locale.ROOT, "== idle: %d display clients held %d s (%s); memory after full GC, delta per"
                    + " connection; heap is pre-touched, so RSS growth is off-heap%n", idleN, hold.toSeconds(),
                    hold.toSeconds() > 20 ? "longer than the 20 s ping interval: pings were answered"
                            : "shorter than the 20 s ping interval");
            Table m = new Table("server", "connected", "failed", "open at end", "RSS before MB", "RSS after MB",
                    "RSS KB/conn", "heap before MB", "heap after MB", "heap KB/conn");
            double[] rssPer = new double[idle.size()];
            double[] heapPer = new double[idle.size()];
            for (int i = 0; i < idle.size(); i++) {
                IdleResult r = idle.get(i);
                rssPer[i] = perConnKb(r.before().rss(), r.after().rss(), r.open());
                heapPer[i] = r.before().heapUsed() < 0 || r.after().heapUsed() < 0 ? Double.NaN
                        : perConnKb(r.before().heapUsed(), r.after().heapUsed(), r.open());
                m.row(r.target(), r.connected(), r.failed(), r.open(), mb(r.before().rss()), mb(r.after().rss()), rssPer[i],
                        mb(r.before().heapUsed()), mb(r.after().heapUsed()), heapPer[i]);
                valid &= r.failed() == 0 && r.open() == r.requested();
            }
            if (idle.size() == 2) {
                m.row("ratio", "", "", "", "", "", Table.ratio(rssPer[0], rssPer[1]), "", "",
                        Table.ratio(heapPer[0], heapPer[1]));
            }
            System.out.println(m);
        }
        System.out.println(valid ? "all checks passed" : "WARNING: some checks failed; figures above are not trustworthy");
    }

    private static double perConnKb(long before, long after, int n) {
        return n == 0 ? Double.NaN : (after - before) / 1024.0 / n;
    }

    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / 1024.0 / 1024.0;
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[push] " + format + "%n", args);
    }
}
