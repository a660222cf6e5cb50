package se.servicekontor.videomote.bench.booking;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

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
import se.servicekontor.videomote.bench.harness.Pgbench;
import se.servicekontor.videomote.bench.harness.Scenario;
import se.servicekontor.videomote.bench.harness.ServiceApi;
import se.servicekontor.videomote.bench.harness.ServiceSql;
import se.servicekontor.videomote.bench.harness.Table;
import se.servicekontor.videomote.bench.harness.Tokens;
import se.servicekontor.videomote.bench.harness.Usage;

/**
 * Issue 3's booking benchmark: {@code --clients} concurrent clients (closed loop) creating bookings through
 * {@code POST /api/v1/bookings}, against pgbench at the same concurrency running one equivalent {@code INSERT INTO
 * booking} per transaction on the same table, with the same exclusion constraints, in the same database. A third line
 * (diagnostic) runs the service's own booking transaction through pgbench: its statements, read from the service jar.
 *
 * <p>Every request asks for a distinct (office, slot): the {@code n}-th request (a global ordinal over all clients)
 * takes slot time {@code t = n mod T} of the {@code T} slot times seeded (days × slots per day) and is the
 * {@code l = n / T}-th booking of that slot time, at office {@code (t + l) mod offices}. Requests in flight at the
 * same moment therefore want different slot times and never compete for a room or an officer, as in a national
 * system where simultaneous bookings are spread over offices and dates; pgbench's ordinals
 * ({@code k × clients + client}) follow the same mapping and also never conflict. Each slot time takes up to
 * {@code min(offices × rooms, officers)} bookings, so seeded capacity is that times {@code T}.
 */
public final class BookingScenario implements Scenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENCY = "bench-b";
    private static final String SERVICE = AGENCY + "-a";
    private static final int SLOT_MINUTES = 30;
    private static final int SLOTS_PER_DAY = (int) (Duration.between(ServiceApi.OPENS, ServiceApi.CLOSES).toMinutes()
            / SLOT_MINUTES);
    private static final String VISITOR = "Bench Besökare";

    private int clients;
    private int offices;
    private int rooms;
    private int officers;
    private int days;
    private LocalDate firstDay;
    private final Map<String, String> deskTokens = new LinkedHashMap<>();

    @Override
    public int run(Args args) throws Exception {
        URI serviceUri = URI.create(args.required("service"));
        Path keys = Path.of(args.required("keys"));
        String issuer = args.required("issuer");
        Pgbench pg = new Pgbench(args.string("pg-host", "127.0.0.1"), args.integer("pg-port", 5432),
                args.string("pg-user", "postgres"), args.required("db"));
        Path quarkusApp = Path.of(args.required("quarkus-app"));
        Path logDir = Path.of(args.required("log-dir"));
        clients = args.integer("clients", 32);
        Duration warmup = args.seconds("warmup", 90);
        Duration duration = args.seconds("duration", 30);
        offices = args.integer("offices", 50);
        rooms = args.integer("rooms", 2);
        officers = args.integer("officers", 40);
        days = args.integer("days", 120);
        boolean diagnostic = Boolean.parseBoolean(args.string("diagnostic", "true"));
        boolean statistics = Boolean.parseBoolean(args.string("statistics", "true"));
        long servicePid = args.longValue("service-pid", -1);
        args.rejectUnused();
        Usage usage = servicePid > 0 ? new Usage(servicePid) : null;
        int perSlot = Math.min(offices * rooms, officers);
        if (perSlot < 1 || days < 1 || days > 364) {
            throw new IllegalArgumentException("need offices, rooms, officers >= 1 and 1 <= days <= 364");
        }
        long capacity = (long) days * SLOTS_PER_DAY * perSlot;

        Tokens tokens = new Tokens(Keys.readPrivate(keys.resolve("private.pem")), issuer);
        ServiceApi api = new ServiceApi(serviceUri, tokens);
        // Booking starts tomorrow (office-local), so every slot is in the future and within the 365-day horizon.
        firstDay = LocalDate.now(ServiceApi.ZONE).plusDays(1);
        int shiftDays = diagnostic ? 2 * days : days;
        progress("seeding: %d offices x %d rooms, %d officers with a shift %s-%s on each of %d days (%d shifts), "
                + "capacity %d bookings per phase", offices, rooms, officers, ServiceApi.OPENS, ServiceApi.CLOSES,
                shiftDays, officers * shiftDays, capacity);
        Seeded seeded = seed(api, tokens, shiftDays);
        // Statistics, as a production database keeps them through autovacuum (which a CI machine's PostgreSQL may run
        // without: then no table is ever analysed and every plan is made from an empty table's guess): the seeded
        // tables after seeding, and everything again halfway through the warm-up, once the service has written
        // bookings, so the measured window runs with plans made from statistics. --statistics false leaves them out,
        // as every run before 2026-12-07 did, to compare.
        if (statistics) {
            pg.sql("VACUUM (ANALYZE)");
        }

        List<String> notes = new ArrayList<>();
        notes.add(statistics ? "statistics: VACUUM (ANALYZE) after seeding, ANALYZE halfway through the warm-up"
                : "statistics: none (--statistics false), as in runs before 2026-12-07");
        Vertx vertx = Vertx.vertx();
        ServiceRun service;
        ScheduledExecutorService analyser = Executors.newSingleThreadScheduledExecutor();
        try {
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(serviceUri.getHost())
                    .setDefaultPort(serviceUri.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(clients));
            progress("service: %d clients, POST /api/v1/bookings, warm-up %d s, measured %d s", clients,
                    warmup.toSeconds(), duration.toSeconds());
            ScheduledFuture<?> analysed = !statistics ? null : analyser.schedule(() -> {
                pg.sql("ANALYZE");
                progress("ANALYZE halfway through the warm-up");
                return null;
            }, warmup.toMillis() / 2, TimeUnit.MILLISECONDS);
            service = service(vertx, http, warmup, duration, usage);
            if (analysed != null) {
                analysed.get();
            }
        } finally {
            analyser.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        long serviceRows = Long.parseLong(pg.value("SELECT count(*) FROM booking WHERE created_by LIKE 'bench-desk-%'"));

        // pgbench: the plain insert on days after the service's (no shift needed: the statement checks none).
        pg.sql(helperTables(seeded));
        Pgbench.Result plain;
        Pgbench.Result full = null;
        ClosedLoop.Cpu plainCpu;
        ClosedLoop.Cpu fullCpu = null;
        long plainRows;
        long fullRows = 0;
        try {
            progress("pgbench: one INSERT INTO booking per transaction, %d clients, %d s", clients, duration.toSeconds());
            Usage.Sample beforePlain = usage == null ? null : usage.sample();
            plain = pg.run(new Pgbench.Run(plainScript(), clients, 0, duration,
                    variables(diagnostic ? 2 * days : days, 0, "bench-pgbench"), logDir.resolve("booking-pgbench-insert")));
            plainCpu = usage == null ? null : ClosedLoop.Cpu.between(beforePlain, usage.sample());
            plainRows = Long.parseLong(pg.value("SELECT count(*) FROM booking WHERE created_by = 'bench-pgbench'"));
            if (diagnostic) {
                progress("pgbench (diagnostic): the service's booking transaction, its statements from the jar, %d"
                        + " clients, %d s", clients, duration.toSeconds());
                // Builds since V17 keep a change's events as messages of one live_entry row; live_message shows them all.
                String log = "t".equals(pg.value("SELECT to_regclass('live_entry') IS NOT NULL")) ? "live_message"
                        : "live_event";
                String data = pg.value("SELECT data::text FROM " + log + " WHERE stream LIKE 'desk:%' AND type = "
                        + "'booking.created' ORDER BY seq DESC LIMIT 1");
                Map<String, String> vars = variables(days, 1L << 29, "bench-pgbench-service-sql");
                vars.put("event_data", data);
                try (ServiceSql sql = ServiceSql.load(quarkusApp)) {
                    Usage.Sample before = usage == null ? null : usage.sample();
                    full = pg.run(new Pgbench.Run(serviceTransactionScript(sql), clients, 0, duration, vars,
                            logDir.resolve("booking-pgbench-service-statements")));
                    fullCpu = usage == null ? null : ClosedLoop.Cpu.between(before, usage.sample());
                }
                fullRows = Long.parseLong(pg.value(
                        "SELECT count(*) FROM booking WHERE created_by = 'bench-pgbench-service-sql'"));
            }
        } finally {
            pg.sql("DROP TABLE IF EXISTS bench_booking_room, bench_booking_officer");
        }
        if (service.ordinals() > capacity) {
            notes.add(String.format(Locale.ROOT, "the service run asked for %d bookings, more than the %d seeded: "
                    + "raise --days", service.ordinals(), capacity));
        }
        report(service, serviceRows, plain, plainRows, full, fullRows, warmup, duration, capacity, notes);
        if (usage != null) {
            System.out.println("== CPU per booking in each measured window (pgbench's own CPU not counted)");
            System.out.println(new CpuTable().row("service: POST /api/v1/bookings", service.result().ok(),
                    service.result().cpu()).row("pgbench: one INSERT INTO booking", plain.transactions(), plainCpu)
                    .row("pgbench: the service's statements", full == null ? 0 : full.transactions(), fullCpu));
        }
        System.out.printf(Locale.ROOT, "pgbench scripts and per-statement latencies: %s/booking-pgbench-*.{sql,out}%n",
                logDir);
        return 0;
    }

    // --- seeding ---------------------------------------------------------------------------------------------

    private record Seeded(List<List<UUID>> rooms, List<UUID> officers) {
    }

    private Seeded seed(ServiceApi api, Tokens tokens, int shiftDays) throws Exception {
        api.agency(AGENCY, "B");
        List<List<UUID>> roomIds = new ArrayList<>();
        for (int f = 0; f < offices; f++) {
            String office = office(f);
            api.office(office, List.of(AGENCY), 0);
            deskTokens.put(office, tokens.desk(office));
            List<UUID> ids = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                ids.add(UUID.fromString(api.room(office, String.format("Rum %02d", r + 1)).get("id").asText()));
            }
            roomIds.add(ids);
        }
        List<UUID> officerIds = new ArrayList<>();
        for (int o = 0; o < officers; o++) {
            officerIds.add(UUID.fromString(api.officer(AGENCY, String.format("Handläggare %03d", o + 1), List.of("sv"),
                    List.of(SERVICE)).get("id").asText()));
        }
        List<ServiceApi.Call> shifts = new ArrayList<>();
        for (UUID officer : officerIds) {
            for (int d = 0; d < shiftDays; d++) {
                LocalDate day = firstDay.plusDays(d);
                shifts.add(() -> api.shift(officer, day.atTime(ServiceApi.OPENS).atZone(ServiceApi.ZONE).toOffsetDateTime(),
                        day.atTime(ServiceApi.CLOSES).atZone(ServiceApi.ZONE).toOffsetDateTime()));
            }
        }
        long t0 = System.nanoTime();
        ServiceApi.parallel(16, shifts);
        progress("%d shifts added in %.1f s", shifts.size(), (System.nanoTime() - t0) / 1e9);
        return new Seeded(roomIds, officerIds);
    }

    private static String office(int f) {
        return "bench-b-" + (f + 1);
    }

    // --- the service -----------------------------------------------------------------------------------------

    private record ServiceRun(ClosedLoop.Result result, long ordinals, long created) {
    }

    /** The booking the {@code n}-th request asks for: office index and start (see the class comment). */
    private record Wanted(int office, OffsetDateTime start) {
    }

    private Wanted wanted(long n) {
        long slotTimes = (long) days * SLOTS_PER_DAY;
        long t = n % slotTimes;
        long layer = n / slotTimes;
        int f = (int) ((t + layer) % offices);
        LocalDate day = firstDay.plusDays(t / SLOTS_PER_DAY);
        OffsetDateTime start = day.atTime(ServiceApi.OPENS).plusMinutes((t % SLOTS_PER_DAY) * SLOT_MINUTES)
                .atZone(ServiceApi.ZONE).toOffsetDateTime();
        return new Wanted(f, start);
    }

    private ServiceRun service(Vertx vertx, HttpClient http, Duration warmup, Duration duration, Usage usage)
            throws Exception {
        AtomicLong ordinals = new AtomicLong();
        AtomicLong created = new AtomicLong();
        ClosedLoop.Result result = ClosedLoop.run(vertx, clients, warmup, duration, usage, ordinal -> {
            ordinals.incrementAndGet();
            Wanted w = wanted(ordinal);
            String office = office(w.office());
            Map<String, Object> body = Map.of("office", office, "agency", AGENCY, "service", SERVICE,
                    "start", w.start().toString(), "visitor", Map.of("name", VISITOR));
            String json;
            try {
                json = JSON.writeValueAsString(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Http.send(http, new Http.Request(HttpMethod.POST, "/api/v1/bookings", deskTokens.get(office), json),
                    30_000).map(r -> {
                        if (r.status() == 201) {
                            created.incrementAndGet();
                        }
                        return r.status();
                    });
        });
        progress("service: %.0f bookings/s, p50 %s ms, p99 %s ms, outcomes %s", result.ok() / seconds(duration),
                Table.ms(result.latency().p50()), Table.ms(result.latency().p99()), result.outcomes());
        return new ServiceRun(result, ordinals.get(), created.get());
    }

    // --- pgbench ---------------------------------------------------------------------------------------------

    /** Room {@code j} of office {@code f} and officer {@code i} by number, for pgbench to address them. */
    private String helperTables(Seeded seeded) {
        StringBuilder sql = new StringBuilder("""
                CREATE TABLE bench_booking_room (f int, j int, id uuid NOT NULL, office_id text NOT NULL, PRIMARY KEY (f, j));
                CREATE TABLE bench_booking_officer (i int PRIMARY KEY, id uuid NOT NULL);
                """);
        for (int f = 0; f < offices; f++) {
            for (int j = 0; j < rooms; j++) {
                sql.append(String.format(Locale.ROOT, "INSERT INTO bench_booking_room VALUES (%d, %d, '%s', '%s');%n",
                        f + 1, j, seeded.rooms().get(f).get(j), office(f)));
            }
        }
        for (int i = 0; i < officers; i++) {
            sql.append(String.format(Locale.ROOT, "INSERT INTO bench_booking_officer VALUES (%d, '%s');%n", i,
                    seeded.officers().get(i)));
        }
        sql.append("ANALYZE bench_booking_room; ANALYZE bench_booking_officer;");
        return sql.toString();
    }

    private Map<String, String> variables(int dayOffset, long refBase, String createdBy) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("k", "0");
        v.put("ref_base", Long.toString(refBase));
        v.put("days", Integer.toString(days));
        v.put("per_slot", Integer.toString(Math.min(offices * rooms, officers)));
        v.put("clients", Integer.toString(clients));
        v.put("offices", Integer.toString(offices));
        v.put("officers", Integer.toString(officers));
        v.put("slot_times", Long.toString((long) days * SLOTS_PER_DAY));
        v.put("slots_per_day", Integer.toString(SLOTS_PER_DAY));
        v.put("first_day", firstDay.plusDays(dayOffset).toString());
        v.put("agency", AGENCY);
        v.put("service", SERVICE);
        v.put("visitor", VISITOR);
        v.put("created_by", createdBy);
        return v;
    }

    /**
     * The same ordinal → (office, slot) mapping as the service run, plus the room and officer a conflict-free
     * assignment gives (the service picks its own), and a reference made of the ordinal (unique, valid). Once every
     * slot time of the {@code days} has its {@code per_slot} bookings, the mapping goes on in the next block of
     * {@code days} days at the same density, so a fast baseline never runs out of free slots.
     */
    private static final String ORDINAL = """
            \\set k :k + 1
            \\set n (:k - 1) * :clients + :client_id
            \\set t :n % :slot_times
            \\set layer :n / :slot_times
            \\set block :layer / :per_slot
            \\set l :layer % :per_slot
            \\set f (:t + :l) % :offices + 1
            \\set j :l / :offices
            \\set oi (:t + :l) % :officers
            \\set day :block * :days + :t / :slots_per_day
            \\set slot :t % :slots_per_day
            \\set ref :n + :ref_base
            \\set r1 (:ref / 33554432) % 32
            \\set r2 (:ref / 1048576) % 32
            \\set r3 (:ref / 32768) % 32
            \\set r4 (:ref / 1024) % 32
            \\set r5 (:ref / 32) % 32
            \\set r6 :ref % 32
            """;

    private static final String REFERENCE = "substr('" + "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" + "', :r1::int + 1, 1)"
            + " || substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', :r2::int + 1, 1)"
            + " || substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', :r3::int + 1, 1) || '-'"
            + " || substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', :r4::int + 1, 1)"
            + " || substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', :r5::int + 1, 1)"
            + " || substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', :r6::int + 1, 1)";

    private static final String START = "(((:first_day::date + :day::int)::timestamp + make_interval(mins => "
            + ServiceApi.OPENS.toSecondOfDay() / 60 + " + :slot::int * " + SLOT_MINUTES + ")) AT TIME ZONE '"
            + ServiceApi.ZONE.getId() + "')";

    /** The baseline: one INSERT of a booking with every column the service writes, in its own transaction. */
    private static String plainScript() {
        return ORDINAL + """
                INSERT INTO booking (id, reference, office_id, agency_code, service_code, room_id, officer_id,
                                     starts_at, ends_at, status, language, interpreter, accessible_room, visitor_name,
                                     visitor_phone, visitor_email, visitor_personal_number, created_by, created_at,
                                     updated_at, status_changed_at)
                SELECT gen_random_uuid(), %s, r.office_id, :agency, :service, r.id, o.id,
                       %s, %s + interval '%d minutes', 'BOOKED', NULL, false, false, :visitor,
                       NULL, NULL, NULL, :created_by, now(), now(), now()
                  FROM bench_booking_room r, bench_booking_officer o
                 WHERE r.f = :f AND r.j = :j AND o.i = :oi
                ON CONFLICT DO NOTHING;
                """.formatted(REFERENCE, START, START, SLOT_MINUTES);
    }

    /**
     * Diagnostic: the statements of the service's booking transaction, verbatim from the jar (BookingQueries.CONTEXT
     * for one office, BookingQueries.INSERT: pick a room and an officer and insert, EventLog.APPEND: booking.created
     * on the desk and officer streams), in one transaction. The service also claims and stores an Idempotency-Key in
     * that transaction when the request has one; the benchmark's requests have none.
     */
    private static String serviceTransactionScript(ServiceSql sql) {
        String office = "('bench-b-' || :f::text)";
        String day = "(:first_day::date + :day::int)";
        String end = "(" + START + " + interval '" + SLOT_MINUTES + " minutes')";
        String context = ServiceSql.bind(sql.constant("bookings.BookingQueries", "CONTEXT_ONE"), office, ":agency",
                ":service", "(:first_day::date + :day::int - 1)", "(:first_day::date + :day::int + 1)");
        String insert = ServiceSql.bind(sql.constant("bookings.BookingQueries", "INSERT"), office, ":agency",
                ":service", START, end, "false", "NULL", day, "NULL", "NULL", "NULL",
                "gen_random_uuid()", REFERENCE, "false", ":visitor", "NULL", "NULL", "NULL", ":created_by", "now()",
                "NULL", "NULL"); // no personal number: neither its lookup hash ($21) nor that key's fingerprint ($22)
        String appendSql = sql.constant("live.EventLog", "APPEND");
        List<String> appendParams = new ArrayList<>(List.of(
                "ARRAY['desk:' || " + office + ", 'officer:' || :officer_id::text]",
                "ARRAY['booking.created', 'booking.created']", "ARRAY[:event_data::text, :event_data::text]", "now()"));
        if (ServiceSql.parameters(appendSql) > appendParams.size()) {
            // Since issue 10 (V17): both events are messages of one live_entry row of the office (EventLog.Entry).
            appendParams.addAll(List.of("ARRAY[true, true]", office, "NULL::text", "('officer:' || :officer_id::text)"));
        }
        String append = ServiceSql.bind(appendSql, appendParams.toArray(String[]::new));
        return ORDINAL + "BEGIN;\n" + context + ";\n" + insert + " \\gset\n" + append + ";\nCOMMIT;\n";
    }

    // --- report ----------------------------------------------------------------------------------------------

    private void report(ServiceRun service, long serviceRows, Pgbench.Result plain, long plainRows, Pgbench.Result full,
            long fullRows, Duration warmup, Duration duration, long capacity, List<String> notes) {
        ClosedLoop.Result r = service.result();
        double serviceRate = r.ok() / seconds(duration);
        System.out.printf(Locale.ROOT, "== booking: %d concurrent clients, closed loop, %d s measured (service after a"
                + " %d s warm-up); %d offices x %d rooms, %d officers; latency in ms%n", clients, duration.toSeconds(),
                warmup.toSeconds(), offices, rooms, officers);
        Table t = new Table("target", "bookings/s", "p50", "p99", "max", "measured", "201", "409", "other");
        long conflicts = r.outcomes().getOrDefault(409, 0L);
        long other = r.outcomes().values().stream().mapToLong(Long::longValue).sum() - r.ok() - conflicts;
        t.row("service: POST /api/v1/bookings", rate(serviceRate), r.latency().p50(), r.latency().p99(),
                r.latency().maxMs(), r.finished(), r.ok(), conflicts, other);
        t.row("pgbench: one INSERT INTO booking (baseline)", rate(plain.tps()), plain.latency().p50(),
                plain.latency().p99(), plain.latency().maxMs(), plain.transactions(), "", "", "");
        if (full != null) {
            t.row("pgbench: the service's statements (diagnostic)", rate(full.tps()), full.latency().p50(),
                    full.latency().p99(), full.latency().maxMs(), full.transactions(), "", "", "");
        }
        System.out.println(t);

        System.out.println("== goal (issue 3): service bookings/s >= 0.5 x pgbench baseline, service p99 < 20 ms");
        Table g = new Table("service/pgbench", "ratio", "goal ratio", "service p99", "goal p99");
        double ratio = serviceRate / plain.tps();
        g.row("bookings/s", Table.ratio(serviceRate, plain.tps()), verdict(ratio >= 0.5), r.latency().p99(),
                verdict(r.latency().p99() < 20));
        if (full != null) {
            g.row("(diagnostic) vs the service's statements", Table.ratio(serviceRate, full.tps()), "", "", "");
        }
        System.out.println(g);

        System.out.println("== checks");
        Table c = new Table("check", "value", "expected");
        c.row("service answers other than 201/409 (measured)", other, "0");
        c.row("service 409 (measured)", conflicts, "0 or close");
        c.row("service bookings answered 201 (with warm-up) / rows written", service.created() + " / " + serviceRows,
                "equal");
        c.row("service requests / seeded capacity", service.ordinals() + " / " + capacity, "requests <= capacity");
        c.row("pgbench baseline transactions (incl. unlogged tail) / rows written", plain.transactions() + " / "
                + plainRows, "equal or close");
        if (full != null) {
            c.row("pgbench diagnostic transactions / rows written", full.transactions() + " / " + fullRows,
                    "equal or close");
        }
        System.out.println(c);
        boolean valid = other == 0 && service.created() == serviceRows && service.ordinals() <= capacity
                && conflicts * 100 <= Math.max(1, r.finished());
        notes.forEach(n -> System.out.println("note: " + n));
        System.out.println(valid ? "all checks passed" : "WARNING: some checks failed; figures above are not trustworthy");
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[booking] " + format + "%n", args);
    }
}
