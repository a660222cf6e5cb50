package se.servicekontor.videomote.bench.queue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import se.servicekontor.videomote.bench.harness.Args;
import se.servicekontor.videomote.bench.harness.ClosedLoop;
import se.servicekontor.videomote.bench.harness.CpuTable;
import se.servicekontor.videomote.bench.harness.Http;
import se.servicekontor.videomote.bench.harness.Keys;
import se.servicekontor.videomote.bench.harness.Latency;
import se.servicekontor.videomote.bench.harness.Pgbench;
import se.servicekontor.videomote.bench.harness.Scenario;
import se.servicekontor.videomote.bench.harness.ServiceApi;
import se.servicekontor.videomote.bench.harness.ServiceSql;
import se.servicekontor.videomote.bench.harness.Table;
import se.servicekontor.videomote.bench.harness.Tokens;
import se.servicekontor.videomote.bench.harness.Usage;

/**
 * Issue 4's queue benchmark, two parts, each against pgbench running the service's own statements (read from the
 * service jar, see {@link QueueStatements}) at the same concurrency on the same data, in the same run.
 *
 * <ol>
 * <li><b>Cycles</b>: {@code --clients} officers of one agency, one per client (closed loop), over {@code --offices}
 * offices with no cleaning buffer. A cycle: the desk of office {@code n mod offices} issues a ticket, the client's
 * officer presses "next" (and gets whichever visit ranks first nationally where a room is free), starts and
 * completes it. The officer holds at most one visit at a time. With {@code --agencies n} (n &gt; 1) every office
 * offers n agencies and client {@code c}'s officer and tickets belong to agency {@code c mod n}: the same load
 * spread over agencies, the figure that one agency's (everything on one agency's rows) is compared with.</li>
 * <li><b>Deep backlog</b>: one office and another agency, {@code --clients} officers pressing "next" and putting the
 * visit back ("requeue", which keeps its place in line), first with a short line ({@code --short} waiting visits),
 * then with {@code --backlog} more waiting visits behind them. A requeued visit keeps its place, so the line keeps
 * its depth during the whole phase and the two phases differ only in depth. Waiting visits are seeded in bulk with
 * SQL: {@code INSERT ... SELECT generate_series}, through the columns the service's INSERT writes (ticket counter,
 * visit, ISSUED history row; the triggers keep the waiting counts).</li>
 * </ol>
 */
public final class QueueScenario implements Scenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CYCLE_AGENCY = "bench-q";
    private static final String DEEP_AGENCY = "bench-d";
    private static final String DEEP_OFFICE = "bench-deep";
    private static final String VISITOR = "Bench Besökare";

    private Pgbench pg;
    /** Whether the build under test has {@code live_entry} (V17); read once, at the first count. */
    private Boolean entries;
    private Tokens tokens;
    private final Map<String, String> deskTokens = new java.util.HashMap<>();
    private Path logDir;
    private int clients;
    private int offices;
    /** How many agencies the cycle's load is spread over ({@code --agencies}). */
    private int cycleAgencies;
    private Duration warmup;
    private Duration duration;

    /** The officers by client number, and each one's agency ({@code agencies} lists every agency of the phase). */
    private record Officers(List<String> agencies, List<UUID> ids, List<String> tokens, List<String> agencyOf) {

        String agency(int client) {
            return agencyOf.get(client);
        }

        /** The phase's agencies as an SQL list. */
        String sqlList() {
            return String.join(", ", agencies.stream().map(a -> "'" + a + "'").toList());
        }
    }

    /** Latency of each request kind within the measured window; "next" also by half of the window. */
    private static final class Requests {

        final Map<String, Latency> byKind = new LinkedHashMap<>();
        final Latency nextFirstHalf = new Latency();
        final Latency nextSecondHalf = new Latency();
        long from;
        long middle;
        long end;

        Requests(String... kinds) {
            for (String k : kinds) {
                byKind.put(k, new Latency());
            }
        }

        void window(Duration warmup, Duration duration) {
            from = System.nanoTime() + warmup.toNanos();
            middle = from + duration.toNanos() / 2;
            end = from + duration.toNanos();
        }

        void record(String kind, Http.Response r) {
            if (r.sentNanos() >= from && r.doneNanos() <= end && r.ok()) {
                byKind.get(kind).recordNanos(r.nanos());
                if (kind.equals("next")) {
                    (r.sentNanos() < middle ? nextFirstHalf : nextSecondHalf).recordNanos(r.nanos());
                }
            }
        }
    }

    /** One measured phase of the service. */
    private record ServicePhase(String name, ClosedLoop.Result result, Requests requests, long events, long cycles,
            long visitScans) {
    }

    /** One measured phase of pgbench, with what it did to the database. */
    private record PgbenchPhase(String name, Pgbench.Result result, long called, long events, ClosedLoop.Cpu cpu,
            long visitScans) {
    }

    @Override
    public int run(Args args) throws Exception {
        URI serviceUri = URI.create(args.required("service"));
        Path keys = Path.of(args.required("keys"));
        String issuer = args.required("issuer");
        pg = new Pgbench(args.string("pg-host", "127.0.0.1"), args.integer("pg-port", 5432),
                args.string("pg-user", "postgres"), args.required("db"));
        Path quarkusApp = Path.of(args.required("quarkus-app"));
        logDir = Path.of(args.required("log-dir"));
        clients = args.integer("clients", 32);
        offices = args.integer("offices", 50);
        int rooms = args.integer("rooms", 2);
        warmup = args.seconds("warmup", 90);
        duration = args.seconds("duration", 30);
        int backlog = args.integer("backlog", 100_000);
        int shortLine = args.integer("short", 2 * clients);
        String parts = args.string("parts", "cycle,deep");
        long servicePid = args.longValue("service-pid", -1);
        boolean withPgbench = Boolean.parseBoolean(args.string("pgbench", "true"));
        cycleAgencies = args.integer("agencies", 1);
        args.rejectUnused();
        if (cycleAgencies < 1 || cycleAgencies > 26) {
            throw new IllegalArgumentException("--agencies must be 1 to 26");
        }
        if (cycleAgencies > 1 && withPgbench) {
            // pgbench's cycle script runs one agency's statements; spread over agencies the service is measured alone.
            progress("--agencies %d: the service alone, no pgbench baseline (as --pgbench false)", cycleAgencies);
            withPgbench = false;
        }
        usage = servicePid > 0 ? new Usage(servicePid) : null;
        boolean cycle = parts.contains("cycle");
        boolean deep = parts.contains("deep");
        if (shortLine <= clients) {
            throw new IllegalArgumentException("--short must exceed --clients, so every officer finds a visit");
        }

        tokens = new Tokens(Keys.readPrivate(keys.resolve("private.pem")), issuer);
        ServiceApi api = new ServiceApi(serviceUri, tokens);
        // Without pgbench (--pgbench false) a build whose statements this generator cannot read (before 2026-12-05)
        // is still measured as a service: only its own figures, no baseline, ratio or events check.
        QueueStatements statements = null;
        if (withPgbench) {
            try (ServiceSql sql = ServiceSql.load(quarkusApp)) {
                statements = new QueueStatements(sql);
            }
        }

        List<ServicePhase> service = new ArrayList<>();
        List<PgbenchPhase> baseline = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(serviceUri.getHost())
                    .setDefaultPort(serviceUri.getPort()).setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(2 * clients));
            if (cycle) {
                progress("seeding: %s, %d offices x %d rooms (cleaning buffer 0), %d officers AVAILABLE",
                        cycleAgencies == 1 ? "agency " + CYCLE_AGENCY : cycleAgencies + " agencies, every office all",
                        offices, rooms, clients);
                Officers officers = seedCycle(api, rooms);
                ServicePhase s = measure("cycle", vertx, officers, "issue+next+start+complete",
                        (client, n) -> cycleStep(http, officers, client, n), "issue", "next", "start", "complete");
                service.add(s);
                baseline.add(statements == null ? null : pgbench("cycle", "issue+next+start+complete", officers,
                        cycleScript(statements), statements));
                checks.addAll(idle(officers));
            }
            if (deep) {
                progress("seeding: agency %s, office %s with %d rooms, %d officers AVAILABLE", DEEP_AGENCY,
                        DEEP_OFFICE, clients + 2, clients);
                Officers officers = seedDeep(api);
                backlog(shortLine, Duration.ofHours(2), Duration.ofSeconds(1));
                for (String depth : List.of("short", "deep")) {
                    if (depth.equals("deep")) {
                        progress("seeding %d waiting visits behind them with INSERT ... SELECT generate_series", backlog);
                        long t0 = System.nanoTime();
                        backlog(backlog, Duration.ofHours(1), Duration.ofNanos(Math.max(1_000,
                                3_000_000_000_000L / Math.max(1, backlog))));
                        progress("seeded in %.1f s", (System.nanoTime() - t0) / 1e9);
                    }
                    String waiting = waiting();
                    ServicePhase s = measure(depth + " line (" + waiting + " waiting)", vertx, officers,
                            "next+requeue", (client, n) -> requeueStep(http, officers, client), "next", "requeue");
                    service.add(s);
                    baseline.add(statements == null ? null : pgbench(depth + " line (" + waiting() + " waiting)",
                            "next+requeue", officers, requeueScript(statements), statements));
                    checks.addAll(idle(officers));
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        report(service, baseline, checks, backlog, shortLine);
        System.out.printf(Locale.ROOT, "pgbench scripts and per-statement latencies: %s/queue-pgbench-*.{sql,out}%n",
                logDir);
        return 0;
    }

    // --- seeding ---------------------------------------------------------------------------------------------

    /**
     * The cycle's agencies: {@code bench-q} alone (the name pgbench's script and earlier runs use), or {@code bench-qa},
     * {@code bench-qb}, ... with ticket prefixes QA, QB, ...
     */
    private List<String> cycleAgencies() {
        if (cycleAgencies == 1) {
            return List.of(CYCLE_AGENCY);
        }
        List<String> out = new ArrayList<>();
        for (int a = 0; a < cycleAgencies; a++) {
            out.add(CYCLE_AGENCY + (char) ('a' + a));
        }
        return out;
    }

    private Officers seedCycle(ServiceApi api, int rooms) throws Exception {
        List<String> agencies = cycleAgencies();
        for (String agency : agencies) {
            api.agency(agency, agency.equals(CYCLE_AGENCY) ? "Q" : "Q" + agency.substring(agency.length() - 1)
                    .toUpperCase(Locale.ROOT));
        }
        for (int f = 1; f <= offices; f++) {
            String office = CYCLE_AGENCY + "-" + f;
            api.office(office, agencies, 0);
            deskTokens.put(office, tokens.desk(office));
            for (int r = 0; r < rooms; r++) {
                api.room(office, String.format("Rum %02d", r + 1));
            }
        }
        return officers(api, agencies);
    }

    private Officers seedDeep(ServiceApi api) throws Exception {
        api.agency(DEEP_AGENCY, "D");
        api.office(DEEP_OFFICE, List.of(DEEP_AGENCY), 0);
        // One room per officer, plus two: an officer never finds every room taken.
        for (int r = 0; r < clients + 2; r++) {
            api.room(DEEP_OFFICE, String.format("Rum %02d", r + 1));
        }
        return officers(api, List.of(DEEP_AGENCY));
    }

    /**
     * {@code clients} officers, client {@code c}'s of agency {@code c mod agencies.size()}, each AVAILABLE by its own
     * token. An agency's officers go to its clients in id order (pgbench's, for one agency).
     */
    private Officers officers(ServiceApi api, List<String> agencies) throws Exception {
        UUID[] ids = new UUID[clients];
        String[] officerTokens = new String[clients];
        String[] agencyOf = new String[clients];
        for (int a = 0; a < agencies.size(); a++) {
            String agency = agencies.get(a);
            List<Integer> ofAgency = new ArrayList<>();
            for (int c = a; c < clients; c += agencies.size()) {
                ofAgency.add(c);
            }
            List<UUID> created = new ArrayList<>();
            for (int c : ofAgency) {
                created.add(UUID.fromString(api.officer(agency, String.format("Handläggare %03d", c + 1),
                        List.of("sv"), List.of(agency + "-a")).get("id").asText()));
            }
            created.sort(java.util.Comparator.comparing(UUID::toString)); // PostgreSQL's uuid order
            for (int i = 0; i < ofAgency.size(); i++) {
                int c = ofAgency.get(i);
                ids[c] = created.get(i);
                agencyOf[c] = agency;
                api.presence(ids[c], agency, "AVAILABLE");
                officerTokens[c] = tokens.officer(ids[c], agency);
            }
        }
        return new Officers(agencies, List.of(ids), List.of(officerTokens), List.of(agencyOf));
    }

    /**
     * {@code n} WAITING visits at the deep office, queued one {@code step} apart from {@code ago} before now, with
     * ticket numbers following the day's counter: the columns and rows the service's INSERT writes.
     */
    private void backlog(int n, Duration ago, Duration step) throws Exception {
        // In batches of their own transactions: the count trigger and the statistics rollup (at each batch's
        // COMMIT) update the same few rows once per visit, and within one transaction every update of a row walks
        // the versions left by the ones before it (quadratic in the batch: 5,000 a batch took 226-234 s in all).
        java.time.Instant first = java.time.Instant.now().minus(ago);
        for (int from = 1; from <= n; from += BACKLOG_BATCH) {
            backlog(first, step, from, Math.min(n, from + BACKLOG_BATCH - 1));
        }
    }

    private static final int BACKLOG_BATCH = 500;

    private void backlog(java.time.Instant first, Duration step, int from, int to) throws Exception {
        String sql = """
                WITH o AS (SELECT id, time_zone FROM office WHERE id = '%1$s'),
                g AS (
                    SELECT i, timestamptz '%4$s' + i * interval '%5$d microseconds' AS ts
                      FROM generate_series(%7$d, %3$d) i
                ), d AS (
                    SELECT g.i, g.ts, (g.ts AT TIME ZONE o.time_zone)::date AS day FROM g, o
                ), numbered AS (
                    SELECT d.*, coalesce((SELECT c.last_number FROM ticket_counter c
                                           WHERE c.office_id = '%1$s' AND c.agency_code = '%2$s' AND c.day = d.day), 0)
                                + row_number() OVER (PARTITION BY d.day ORDER BY d.i) AS number
                      FROM d
                ), v AS (
                    INSERT INTO visit (id, office_id, agency_code, service_code, ticket, ticket_agency, ticket_day,
                                       ticket_number, language, interpreter, priority, visitor_name, status, queued_at,
                                       rank_at, booking_id, booked_officer_id, booked_room_id, booked_start, booked_end,
                                       held_for_officer, held_from, held_until, created_by, created_at, updated_at)
                    SELECT gen_random_uuid(), '%1$s', '%2$s', '%2$s-a',
                           a.ticket_prefix || CASE WHEN n.number < 1000 THEN lpad(n.number::text, 3, '0')
                                                   ELSE n.number::text END,
                           '%2$s', n.day, n.number, NULL, false, 'NORMAL', '%6$s', 'WAITING', n.ts, n.ts,
                           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'bench-desk-%1$s', n.ts, n.ts
                      FROM numbered n JOIN agency a ON a.code = '%2$s'
                    RETURNING id, ticket_day, ticket_number, queued_at
                ), logged AS (
                    INSERT INTO visit_transition (visit_id, at, action, to_status, office_id, agency_code,
                                                  service_code, actor, actor_role)
                    SELECT id, queued_at, 'ISSUED', 'WAITING', '%1$s', '%2$s', '%2$s-a', 'bench-desk-%1$s', 'desk'
                      FROM v
                )
                INSERT INTO ticket_counter AS c (office_id, agency_code, day, last_number)
                SELECT '%1$s', '%2$s', ticket_day, max(ticket_number) FROM v GROUP BY ticket_day
                ON CONFLICT (office_id, agency_code, day) DO UPDATE
                    SET last_number = greatest(c.last_number, EXCLUDED.last_number)
                """.formatted(DEEP_OFFICE, DEEP_AGENCY, to, first, step.toNanos() / 1000, VISITOR, from);
        pg.sql(sql);
    }

    private String waiting() throws Exception {
        return pg.value("SELECT waiting FROM visit_queue_count WHERE office_id = '" + DEEP_OFFICE + "' AND agency_code = '"
                + DEEP_AGENCY + "'");
    }

    /**
     * Before every measured phase, service or pgbench: VACUUM ANALYZE of the tables the queue statements read and
     * write, so every phase starts from the same kind of state (autovacuum would otherwise run at random moments).
     */
    private void settle() throws Exception {
        // The waiting counts are tables before V26 and views of visit_need_count since: vacuum whichever are tables
        // in the build under test (an earlier commit's jar runs its own migrations).
        String counts = pg.value("SELECT string_agg(relname, ', ') FROM pg_class WHERE relkind = 'r' AND relname IN"
                + " ('visit_queue_count', 'visit_service_count', 'visit_need_count')");
        pg.sql("VACUUM (ANALYZE) visit, " + counts + ", visit_transition, room, case_officer,"
                + " video_session, ticket_counter, live_stream, live_event" + (entries() ? ", live_entry" : ""));
    }

    // --- the service -----------------------------------------------------------------------------------------

    private ServicePhase measure(String name, Vertx vertx, Officers officers, String cycle, ClosedLoop.ClientStep step,
            String... kinds) throws Exception {
        settle();
        long eventsBefore = events();
        long scansBefore = visitScans();
        long completedBefore = completedOrRequeued(officers);
        progress("service, %s: %d officers, %s, warm-up %d s, measured %d s", name, clients, cycle,
                warmup.toSeconds(), duration.toSeconds());
        Requests requests = new Requests(kinds);
        current = requests;
        requests.window(warmup, duration);
        ClosedLoop.Result result = ClosedLoop.run(vertx, clients, warmup, duration, usage, step);
        long cycles = completedOrRequeued(officers) - completedBefore;
        long events = events() - eventsBefore;
        long scans = visitScans() - scansBefore;
        progress("service, %s: %.0f cycles/s, cycle p50 %s ms, p99 %s ms, outcomes %s", name,
                result.ok() / seconds(duration), Table.ms(result.latency().p50()), Table.ms(result.latency().p99()),
                result.outcomes());
        return new ServicePhase(name, result, requests, events, cycles, scans);
    }

    private Requests current;
    /** CPU of the service, PostgreSQL and this generator, when the service's pid is known; else null. */
    private Usage usage;

    /** Outcome codes: 200 a whole cycle; otherwise 1000 × the step that failed (1 issue, 2 next, 3 start, 4 complete,
     * 5 requeue) + its HTTP status (0: no answer). 2204: "next" found nobody. */
    private Future<Integer> cycleStep(HttpClient http, Officers officers, int client, long n) {
        String office = CYCLE_AGENCY + "-" + (n % offices + 1);
        String agency = officers.agency(client);
        String body = "{\"agency\":\"" + agency + "\",\"service\":\"" + agency + "-a\",\"visitorName\":\""
                + VISITOR + "\",\"afterHours\":true}"; // the desk issues tickets at any hour the bench runs
        String officerToken = officers.tokens().get(client);
        return send(http, "issue", HttpMethod.POST, "/api/v1/offices/" + office + "/visits", deskTokens.get(office), body)
                .compose(issued -> {
                    if (issued.status() != 201) {
                        return Future.succeededFuture(1000 + issued.status());
                    }
                    return next(http, officers, client).compose(visit -> {
                        if (visit.code() != 200) {
                            return Future.succeededFuture(visit.code());
                        }
                        return send(http, "start", HttpMethod.POST, "/api/v1/visits/" + visit.id() + "/start",
                                officerToken, null).compose(started -> {
                                    if (started.status() != 200) {
                                        // Do not leave the officer holding it: put it back in line.
                                        return send(http, "requeue", HttpMethod.POST, "/api/v1/visits/" + visit.id()
                                                + "/requeue", officerToken, null).map(x -> 3000 + started.status());
                                    }
                                    return send(http, "complete", HttpMethod.POST, "/api/v1/visits/" + visit.id()
                                            + "/complete", officerToken, null)
                                            .map(done -> done.status() == 200 ? 200 : 4000 + done.status());
                                });
                    });
                });
    }

    private Future<Integer> requeueStep(HttpClient http, Officers officers, int client) {
        return next(http, officers, client).compose(visit -> {
            if (visit.code() != 200) {
                return Future.succeededFuture(visit.code());
            }
            return send(http, "requeue", HttpMethod.POST, "/api/v1/visits/" + visit.id() + "/requeue",
                    officers.tokens().get(client), null).map(r -> r.status() == 200 ? 200 : 5000 + r.status());
        });
    }

    private record Called(int code, String id) {
    }

    private Future<Called> next(HttpClient http, Officers officers, int client) {
        UUID officer = officers.ids().get(client);
        return send(http, "next", HttpMethod.POST, "/api/v1/officers/" + officer + "/next", officers.tokens().get(client),
                null).map(r -> {
                    if (r.status() != 200) {
                        return new Called(2000 + r.status(), null);
                    }
                    try {
                        JsonNode visit = JSON.readTree(r.body()).path("visit");
                        return new Called(200, visit.path("id").asText());
                    } catch (Exception e) {
                        return new Called(2999, null);
                    }
                });
    }

    private Future<Http.Response> send(HttpClient http, String kind, HttpMethod method, String uri, String token,
            String body) {
        Requests requests = current;
        return Http.send(http, new Http.Request(method, uri, token, body), 30_000).onSuccess(r -> {
            if (requests.byKind.containsKey(kind)) {
                requests.record(kind, r);
            }
        });
    }

    // --- pgbench ---------------------------------------------------------------------------------------------

    /** The cycle: issue at office {@code (k × clients + client) mod offices}, next, start, complete. */
    private String cycleScript(QueueStatements s) {
        String office = "('" + CYCLE_AGENCY + "-' || :o::text)";
        String desk = "('bench-desk-" + CYCLE_AGENCY + "-' || :o::text)";
        return officerOfClient() + "\\set o ((:k - 1) * :clients + :client_id) % :offices + 1\n"
                + s.issue(office, ":agency", ":service", ":visitor", desk) + s.next(offices)
                + "\\if :reserved = 1\n" + s.start() + s.complete() + "\\endif\n";
    }

    private String requeueScript(QueueStatements s) {
        return officerOfClient() + s.next(1) + "\\if :reserved = 1\n" + s.requeue() + "\\endif\n";
    }

    /** Client {@code c} is the {@code c}-th officer of the agency by id, looked up once (pgbench variables persist). */
    private static String officerOfClient() {
        return """
                \\set k :k + 1
                \\if :k = 1
                SELECT id AS officer FROM case_officer WHERE agency_code = :agency ORDER BY id OFFSET :client_id LIMIT 1 \\gset
                \\endif
                """;
    }

    private PgbenchPhase pgbench(String name, String cycle, Officers officers, String script, QueueStatements s)
            throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("k", "0");
        vars.put("clients", Integer.toString(clients));
        vars.put("offices", Integer.toString(offices));
        vars.put("agency", officers.agency(0)); // one agency: pgbench runs only then
        vars.put("service", officers.agency(0) + "-a");
        vars.put("visitor", VISITOR);
        // Event data: the latest event of each audience and type the service wrote in the phase just measured.
        List<String[]> rows = pg.query("SELECT DISTINCT ON (a, type) a, type, data::text FROM (SELECT split_part(stream,"
                + " ':', 1) AS a, type, data, at FROM " + (entries() ? "live_message" : "live_event")
                + " WHERE at > now() - interval '10 minutes') e"
                + " ORDER BY a, type, at DESC");
        Map<String, String> samples = new LinkedHashMap<>();
        rows.forEach(r -> samples.put(r[0] + ":" + r[1], r[2]));
        for (String event : s.events()) {
            String data = samples.get(event);
            if (data == null) {
                throw new IllegalStateException("the service wrote no " + event + " event to copy the data of");
            }
            String[] at = event.split(":", 2);
            vars.put(QueueStatements.variable(at[0], at[1]), data);
        }
        settle();
        long eventsBefore = events();
        long scansBefore = visitScans();
        long calledBefore = completedOrRequeued(officers);
        progress("pgbench, %s: %d clients, %s (the service's statements), %d s", name, clients, cycle,
                duration.toSeconds());
        String file = "queue-pgbench-" + name.replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
        Usage.Sample before = usage == null ? null : usage.sample();
        Pgbench.Result result = pg.run(new Pgbench.Run(script, clients, 0, duration, vars, logDir.resolve(file)));
        ClosedLoop.Cpu cpu = usage == null ? null : ClosedLoop.Cpu.between(before, usage.sample());
        long called = completedOrRequeued(officers) - calledBefore;
        long events = events() - eventsBefore;
        long scans = visitScans() - scansBefore;
        progress("pgbench, %s: %.0f cycles/s, p50 %s ms, p99 %s ms", name, result.tps(),
                Table.ms(result.latency().p50()), Table.ms(result.latency().p99()));
        return new PgbenchPhase(name, result, called, events, cpu, scans);
    }

    // --- checks ----------------------------------------------------------------------------------------------

    /**
     * Rows of the live log: events with a row of their own, not counting the signaling streams of video sessions
     * ({@code video:...}): the service deletes those of ended sessions every minute (VideoService.purgeRelays),
     * pgbench's as well as its own, at times that have nothing to do with the phases, so counting them made the two
     * targets' figures drift apart; and, since V17, the entries that hold all the messages of one change of an office
     * (builds before it have no such table).
     */
    private long events() throws Exception {
        long single = Long.parseLong(pg.value("SELECT count(*) FROM live_event WHERE stream NOT LIKE 'video:%'"));
        return single + (entries() ? Long.parseLong(pg.value("SELECT count(*) FROM live_entry")) : 0);
    }

    /** True for a service build that writes a change's events as one {@code live_entry} row (V17 and later). */
    private boolean entries() throws Exception {
        if (entries == null) {
            entries = "t".equals(pg.value("SELECT to_regclass('live_entry') IS NOT NULL"));
        }
        return entries;
    }

    /**
     * Sequential scans of {@code visit} so far, as PostgreSQL's statistics have them. No statement of a cycle needs
     * one, yet one run with a pool of six connections made 18 a cycle, through plans that read the whole table, and
     * ran at half the speed (bench/README, fourteenth sitting): the results show each phase's count so that such a
     * run is seen for what it is. Backends report their counts up to a second or so late, so a phase's figure may
     * miss its last moment.
     */
    private long visitScans() throws Exception {
        return Long.parseLong(pg.value(
                "SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_user_tables WHERE relname = 'visit'"));
    }

    /** Visits of the phase's agencies completed or requeued so far: one per finished cycle. */
    private long completedOrRequeued(Officers officers) throws Exception {
        return Long.parseLong(pg.value("SELECT count(*) FROM visit_transition WHERE agency_code IN ("
                + officers.sqlList() + ") AND action IN ('COMPLETED', 'REQUEUED')"));
    }

    /** After a phase no officer may still hold a visit or be BUSY. */
    private List<String> idle(Officers officers) throws Exception {
        List<String> out = new ArrayList<>();
        String held = pg.value("SELECT count(*) FROM visit WHERE agency_code IN (" + officers.sqlList()
                + ") AND status IN ('CALLED', 'IN_MEETING')");
        String busy = pg.value("SELECT count(*) FROM case_officer WHERE agency_code IN (" + officers.sqlList()
                + ") AND presence <> 'AVAILABLE'");
        if (!"0".equals(held) || !"0".equals(busy)) {
            out.add(String.join(", ", officers.agencies()) + ": " + held + " visits still called or in a meeting, " + busy
                    + " officers not AVAILABLE after the phase");
        }
        return out;
    }

    // --- report ----------------------------------------------------------------------------------------------

    private void report(List<ServicePhase> service, List<PgbenchPhase> baseline, List<String> checks, int backlog,
            int shortLine) {
        System.out.printf(Locale.ROOT, "== queue: %d concurrent officers (closed loop)%s, %d s measured per phase (service"
                + " after a %d s warm-up); cycles per second and cycle latency in ms%n", clients,
                cycleAgencies > 1 ? ", cycles spread over " + cycleAgencies + " agencies" : "", duration.toSeconds(),
                warmup.toSeconds());
        Table t = new Table("phase", "target", "cycles/s", "p50", "p99", "max", "cycles", "next: nobody",
                "log rows/cycle", "visit seq scans/cycle");
        for (int i = 0; i < service.size(); i++) {
            ServicePhase s = service.get(i);
            PgbenchPhase b = baseline.get(i);
            ClosedLoop.Result r = s.result();
            t.row(s.name(), "service", rate(r.ok() / seconds(duration)), r.latency().p50(), r.latency().p99(),
                    r.latency().maxMs(), r.ok(), r.outcomes().getOrDefault(2204, 0L), perCycle(s.events(), s.cycles()),
                    perCycle(s.visitScans(), s.cycles()));
            if (b != null) {
                t.row("", "pgbench, same statements", rate(b.result().tps()), b.result().latency().p50(),
                        b.result().latency().p99(), b.result().latency().maxMs(), b.result().transactions(),
                        Math.max(0, b.result().transactions() - b.called()), perCycle(b.events(), b.called()),
                        perCycle(b.visitScans(), b.called()));
            }
        }
        System.out.println(t);

        System.out.println("== service requests in the measured window (ms); 'next' also by half of the window");
        Table q = new Table("phase", "request", "count", "p50", "p99", "max");
        for (ServicePhase s : service) {
            boolean first = true;
            for (Map.Entry<String, Latency> e : s.requests().byKind.entrySet()) {
                Latency l = e.getValue();
                q.row(first ? s.name() : "", e.getKey(), l.count(), l.p50(), l.p99(), l.maxMs());
                first = false;
            }
            q.row("", "next, 1st half", s.requests().nextFirstHalf.count(), s.requests().nextFirstHalf.p50(),
                    s.requests().nextFirstHalf.p99(), s.requests().nextFirstHalf.maxMs());
            q.row("", "next, 2nd half", s.requests().nextSecondHalf.count(), s.requests().nextSecondHalf.p50(),
                    s.requests().nextSecondHalf.p99(), s.requests().nextSecondHalf.maxMs());
        }
        System.out.println(q);

        System.out.println("== goal (issue 4): service >= 0.5 x the pgbench mix; the deep line must not collapse");
        Table g = new Table("phase", "service cycles/s", "pgbench cycles/s", "ratio", "goal");
        boolean valid = checks.isEmpty();
        double shortRate = Double.NaN;
        double deepRate = Double.NaN;
        double shortNext = Double.NaN;
        double deepNext = Double.NaN;
        double shortBase = Double.NaN;
        double deepBase = Double.NaN;
        for (int i = 0; i < service.size(); i++) {
            ServicePhase s = service.get(i);
            PgbenchPhase b = baseline.get(i);
            double rate = s.result().ok() / seconds(duration);
            double base = b == null ? Double.NaN : b.result().tps();
            g.row(s.name(), rate(rate), rate(base), b == null ? "-" : Table.ratio(rate, base),
                    b == null ? "no pgbench baseline" : rate / base >= 0.5 ? "met" : "NOT met");
            if (s.name().startsWith("short")) {
                shortRate = rate;
                shortNext = s.requests().byKind.get("next").p99();
                shortBase = base;
            } else if (s.name().startsWith("deep")) {
                deepRate = rate;
                deepNext = s.requests().byKind.get("next").p99();
                deepBase = base;
            }
            // "next" may find nobody when concurrent calls took every visit where a room was free (204, as in the
            // service): a few are part of the workload; anything else is a failure.
            long nobody = s.result().outcomes().getOrDefault(2204, 0L);
            long bad = s.result().outcomes().entrySet().stream().filter(e -> e.getKey() != 200 && e.getKey() != 2204)
                    .mapToLong(Map.Entry::getValue).sum();
            if (bad > 0 || nobody * 100 > Math.max(1, s.result().finished())) {
                checks.add(s.name() + ": service cycles that did not finish, by outcome code " + s.result().outcomes()
                        + " (1xxx issue, 2xxx next (2204: nobody to call), 3xxx start, 4xxx complete, 5xxx requeue)");
            }
            if (b == null) {
                continue;
            }
            double se = (double) s.events() / Math.max(1, s.cycles());
            double be = (double) b.events() / Math.max(1, b.called());
            if (Math.abs(se - be) > 0.05 * se) {
                checks.add(s.name() + ": events per cycle differ (service " + perCycle(s.events(), s.cycles())
                        + ", pgbench " + perCycle(b.events(), b.called()) + "): the pgbench script no longer does what"
                        + " the service does");
            }
            long uncalled = b.result().transactions() - b.called();
            if (uncalled * 100 > Math.max(1, b.result().transactions())) {
                checks.add(s.name() + ": pgbench cycles in which next called nobody: " + uncalled);
            }
        }
        System.out.println(g);
        if (!Double.isNaN(deepRate)) {
            System.out.printf(Locale.ROOT, "== deep line: %d + %d waiting vs %d waiting%n", shortLine, backlog, shortLine);
            Table d = new Table("figure", "deep / short");
            d.row("service cycles/s", Table.ratio(deepRate, shortRate));
            d.row("service 'next' p99", Table.ratio(deepNext, shortNext));
            d.row("pgbench cycles/s", Table.ratio(deepBase, shortBase));
            System.out.println(d);
        }
        if (usage != null) {
            System.out.println("== CPU per cycle in each measured window (pgbench's own CPU not counted)");
            CpuTable cpu = new CpuTable();
            for (int i = 0; i < service.size(); i++) {
                ServicePhase s = service.get(i);
                PgbenchPhase b = baseline.get(i);
                cpu.row(s.name() + ": service", s.result().ok(), s.result().cpu());
                if (b != null) {
                    cpu.row(s.name() + ": pgbench, same statements", b.result().transactions(), b.cpu());
                }
            }
            System.out.println(cpu);
        }
        System.out.println("== checks");
        checks.forEach(c -> System.out.println("check: " + c));
        System.out.println(checks.isEmpty() && valid ? "all checks passed"
                : "WARNING: some checks failed; figures above are not trustworthy");
    }

    private static String perCycle(long events, long cycles) {
        return cycles == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) events / cycles);
    }

    private static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[queue] " + format + "%n", args);
    }
}
