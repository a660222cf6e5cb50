package se.servicekontor.videomote.bench.national;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import se.servicekontor.videomote.bench.harness.Args;
import se.servicekontor.videomote.bench.harness.Keys;
import se.servicekontor.videomote.bench.harness.Latency;
import se.servicekontor.videomote.bench.harness.Scenario;
import se.servicekontor.videomote.bench.harness.ServiceApi;
import se.servicekontor.videomote.bench.harness.Table;
import se.servicekontor.videomote.bench.harness.Tokens;
import se.servicekontor.videomote.bench.harness.Usage;

/**
 * Issue 16's national day on one machine: every service office of the country (140, 4 visitor rooms each), the six
 * agencies, 2,000 case officers and 10,000 live display and desk connections, and a day's walk-ins and bookings
 * compressed in time ({@link Simulation}). First the whole day at {@code --compression}, for the day's shape; then the
 * morning peak at each factor of {@code --steps} in turn, until the first goal breaks: {@code next} p99 over 100 ms
 * or the slowest live client's push p99 over 1 s. The last factor that met both is the headroom over a real day.
 *
 * <p>Reports per operation p50/p99, events pushed per second, CPU and memory of the service and of PostgreSQL, and
 * writes the day's time series ({@code --csv}) and a plot ({@code --plot}, PNG).
 */
public final class NationalDayScenario implements Scenario {

    /** The agencies of the service offices and each one's share of the visitors (an assumption, see bench/README). */
    private static final List<Object[]> AGENCIES = List.of(
            new Object[] { "forsakringskassan", "F", 0.25 }, new Object[] { "skatteverket", "S", 0.24 },
            new Object[] { "migrationsverket", "M", 0.18 }, new Object[] { "arbetsformedlingen", "A", 0.14 },
            new Object[] { "pensionsmyndigheten", "P", 0.10 }, new Object[] { "trafikverket", "T", 0.09 });

    @Override
    public int run(Args args) throws Exception {
        URI service = URI.create(args.required("service"));
        Path keys = Path.of(args.required("keys"));
        String issuer = args.required("issuer");
        long servicePid = args.longValue("service-pid", -1);
        int officeCount = args.integer("offices", 140);
        int roomsPerOffice = args.integer("rooms", 4);
        int officerCount = args.integer("officers", 2000);
        int connections = args.integer("connections", 10_000);
        double walkIns = args.decimal("walk-ins", 9_000);
        double bookings = args.decimal("bookings", 3_000);
        int bookingDays = args.integer("booking-days", 10);
        double meetingMinutes = args.decimal("meeting-minutes", 14);
        double dayCompression = args.decimal("compression", 90);
        List<Integer> steps = args.integers("steps", "10,20,40,80");
        int stepSeconds = args.integer("step-seconds", 30);
        int bucketSeconds = args.integer("bucket-seconds", 5);
        String csv = args.string("csv", null);
        String plot = args.string("plot", null);
        long seed = args.longValue("seed", 16);
        args.rejectUnused();

        Tokens tokens = new Tokens(Keys.readPrivate(keys.resolve("private.pem")), issuer);
        ServiceApi api = new ServiceApi(service, tokens);
        Random random = new Random(seed);
        long seedStart = System.nanoTime();

        // Reference data, as an administrator sets it up.
        List<Simulation.Agency> agencies = new ArrayList<>();
        for (Object[] a : AGENCIES) {
            api.agency((String) a[0], (String) a[1]);
            agencies.add(new Simulation.Agency((String) a[0], (Double) a[2]));
        }
        List<String> agencyCodes = agencies.stream().map(Simulation.Agency::code).toList();
        List<String> officeIds = new ArrayList<>();
        double[] weights = new double[officeCount];
        for (int o = 0; o < officeCount; o++) {
            officeIds.add(String.format(Locale.ROOT, "sk-%03d", o + 1));
            // Office sizes vary: a few large city offices, many small ones (log-normal).
            weights[o] = Math.exp(0.7 * random.nextGaussian());
        }
        List<ServiceApi.Call> calls = new ArrayList<>();
        for (String office : officeIds) {
            calls.add(() -> {
                api.office(office, agencyCodes);
                for (int r = 1; r <= roomsPerOffice; r++) {
                    api.room(office, "Besöksrum " + r);
                }
            });
        }
        ServiceApi.parallel(8, calls);

        List<Simulation.Officer> officers = Collections.synchronizedList(new ArrayList<>());
        LocalDate firstDay = LocalDate.now(ServiceApi.ZONE).plusDays(1);
        List<Map<String, String>> weekly = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            weekly.add(Map.of("day", d.name(), "start", ServiceApi.OPENS.toString(), "end", ServiceApi.CLOSES.toString()));
        }
        Map<String, Object> template = Map.of("from", firstDay.toString(), "to",
                firstDay.plusDays(bookingDays - 1).toString(), "skipHolidays", false, "weekly", weekly);
        calls.clear();
        double total = agencies.stream().mapToDouble(Simulation.Agency::weight).sum();
        int assigned = 0;
        for (int a = 0; a < agencies.size(); a++) {
            int n = a == agencies.size() - 1 ? officerCount - assigned
                    : (int) Math.round(officerCount * agencies.get(a).weight() / total);
            assigned += n;
            Simulation.Agency agency = agencies.get(a);
            int agencyIndex = a;
            for (int i = 0; i < n; i++) {
                List<String> languages = i % 7 == 0 ? List.of("sv", "en", "ar") : List.of("sv", "en");
                String name = "Handläggare " + agency.code() + " " + i;
                calls.add(() -> {
                    UUID id = UUID.fromString(api.officer(agency.code(), name, languages, List.of(agency.service()))
                            .get("id").asText());
                    api.send("POST", "/api/v1/officers/" + id + "/shifts/generate", tokens.admin(), template);
                    api.presence(id, agency.code(), "AVAILABLE");
                    officers.add(new Simulation.Officer(id, agencyIndex, tokens.officer(id, agency.code())));
                });
            }
        }
        ServiceApi.parallel(8, calls);
        officers.sort((x, y) -> x.id.compareTo(y.id)); // the order of the seeding threads must not steer the day

        // The live clients: per office a share of the connections, one in seven a front desk, the rest displays.
        List<Simulation.Office> offices = new ArrayList<>();
        List<LiveFleet.Target> targets = new ArrayList<>();
        for (int o = 0; o < officeCount; o++) {
            String office = officeIds.get(o);
            int clients = connections / officeCount + (o < connections % officeCount ? 1 : 0);
            int desks = Math.max(1, Math.round(clients / 7f));
            for (int i = 0; i < clients; i++) {
                targets.add(i < desks ? new LiveFleet.Target("/ws/v1/offices/" + office + "/desk", tokens.desk(office))
                        : new LiveFleet.Target("/ws/v1/offices/" + office + "/display", tokens.kiosk(office)));
            }
            offices.add(new Simulation.Office(office, weights[o], clients, tokens.desk(office)));
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        PushTracker tracker = new PushTracker();
        LiveFleet fleet = new LiveFleet(tracker);
        Collections.shuffle(targets, random);
        long connectStart = System.nanoTime();
        fleet.connect(vertx, service, targets, 64);
        System.out.printf(Locale.ROOT, "[national] seeded %d offices x %d rooms, %d agencies, %d officers in %.0f s;"
                + " %d live clients connected in %.0f s (%d failed)%n", officeCount, roomsPerOffice, agencies.size(),
                officers.size(), (connectStart - seedStart) / 1e9, fleet.open.get(), (System.nanoTime() - connectStart) / 1e9,
                fleet.failed.get());

        Usage usage = new Usage(servicePid);
        List<Usage.Sample> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                samples.add(usage.sample());
                try {
                    Thread.sleep(bucketSeconds * 1000L);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "usage-sampler");
        sampler.setDaemon(true);
        sampler.start();

        Simulation.Day day = new Simulation.Day(walkIns, bookings, bookingDays, meetingMinutes, 0.05, 0.03);
        Simulation sim = new Simulation(vertx, service, offices, agencies, officers, day, tracker, seed);
        List<Simulation.Phase> phases = new ArrayList<>();
        List<PhaseFigures> figures = new ArrayList<>();
        System.out.printf(Locale.ROOT, "[national] the day 08:00-17:00 at %.0fx: %.0f s%n", dayCompression,
                (Simulation.DAY_END_MINUTE - Simulation.DAY_START_MINUTE) * 60 / dayCompression);
        Simulation.Phase dayPhase = measured(sim, usage, samples, tracker, fleet, phases, figures, "day", dayCompression,
                Simulation.DAY_START_MINUTE, Simulation.DAY_END_MINUTE, bucketSeconds);
        Integer headroom = null;
        Integer broke = null;
        for (int c : steps) {
            double from = 10 * 60; // the morning peak
            System.out.printf(Locale.ROOT, "[national] the morning peak at %dx for %d s%n", c, stepSeconds);
            measured(sim, usage, samples, tracker, fleet, phases, figures, "peak", c, from,
                    from + stepSeconds * c / 60.0, stepSeconds);
            PhaseFigures f = figures.get(figures.size() - 1);
            if (f.met()) {
                headroom = c;
            } else {
                broke = c;
                break;
            }
        }
        sim.stop();
        sampling.set(false);
        fleet.closing();

        // Report.
        Table summary = new Table("phase", "compression", "simulated", "wall s", "walk-ins/s", "bookings/s",
                "visits called/s", "requests/s", "next p50", "next p99", "push p50", "push p99", "events pushed/s",
                "service cores", "PostgreSQL cores", "load gen cores", "service RSS MiB", "PostgreSQL PSS MiB",
                "waiting at end", "goal");
        for (PhaseFigures f : figures) {
            Simulation.Phase p = f.phase;
            summary.row(p.name, String.format(Locale.ROOT, "%.0fx", p.compression),
                    clock(p.fromMinute) + "-" + clock(p.toMinute), String.format(Locale.ROOT, "%.0f", p.wallSeconds()),
                    rate(p.answered("ticket", "201"), p), rate(p.answered("booking", "201"), p),
                    rate(p.answered("next", "200"), p),
                    rate(p.answers.keySet().stream().mapToLong(p::answered).sum(), p), p.latency("next").p50(),
                    p.latency("next").p99(), f.push.p50(), f.push.p99(), rate(f.messages, p),
                    String.format(Locale.ROOT, "%.2f", f.cores[0]), String.format(Locale.ROOT, "%.2f", f.cores[1]),
                    String.format(Locale.ROOT, "%.2f", f.cores[2]), f.serviceRss >> 20, f.postgresPss >> 20,
                    p.waitingAtEnd, f.met() ? "met" : "NOT met");
        }
        System.out.printf(Locale.ROOT, "== national day: %d offices x %d rooms, %d officers, %d live display and desk"
                + " clients; a real day of %.0f walk-ins and %.0f bookings%n", officeCount, roomsPerOffice,
                officers.size(), fleet.open.get(), walkIns, bookings);
        System.out.println(summary);
        Table ops = new Table("operation (day)", "answers", "by status", "p50", "p99", "max");
        dayPhase.latency.forEach((op, l) -> ops.row(op, l.count(), dayPhase.answers.get(op), l.p50(), l.p99(), l.maxMs()));
        System.out.println(ops);
        long failed = phases.stream().mapToLong(p -> p.failed).sum();
        long missing = figures.stream().mapToLong(f -> f.missing).sum();
        phases.stream().flatMap(p -> p.failureSamples.stream()).limit(5).forEach(s -> System.out.println("  e.g. " + s));
        System.out.printf(Locale.ROOT, "live clients: %d open at the end, %d closed early, %d failed to connect; seq"
                + " gaps %d, repeats %d; timed deliveries missing %d; largest message %,d characters%n",
                fleet.open.get(), fleet.closedEarly.get(), fleet.failed.get(), fleet.gaps.sum(), fleet.repeats.sum(),
                missing, fleet.largest.get());
        if (!fleet.closeReasons.isEmpty()) {
            System.out.println("closed early by code and reason: " + fleet.closeReasons);
        }
        System.out.println("== headroom: " + (headroom == null ? "none of the steps met the goals"
                : "the morning peak at " + headroom + "x a real day's rate met both goals")
                + (broke == null ? " (no step broke them)" : "; at " + broke + "x the first broke") + "; goals: next p99 <= 100 ms,"
                + " slowest live client's push p99 <= 1 s");
        if (csv != null) {
            writeCsv(Path.of(csv), dayPhase, figures.get(0), samples);
        }
        if (plot != null) {
            DayPlot.write(Path.of(plot), dayPhase, figures.get(0), samples, figures.subList(1, figures.size()));
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        boolean clean = failed == 0 && missing == 0 && fleet.gaps.sum() == 0 && fleet.repeats.sum() == 0
                && fleet.failed.get() == 0 && fleet.closedEarly.get() == 0;
        System.out.println("== every request answered as expected, every event delivered once and in order: "
                + (clean ? "yes" : "NO (" + failed + " requests failed)"));
        return clean ? 0 : 1;
    }

    /** A phase's figures beyond what the simulation recorded: push delays, pushed messages, CPU and memory. */
    record PhaseFigures(Simulation.Phase phase, Latency push, List<Latency> pushByBucket, long messages, long missing,
            double[] cores, long serviceRss, long postgresPss) {

        boolean met() {
            return phase.latency("next").p99() <= 100 && push.p99() <= 1000;
        }
    }

    private static Simulation.Phase measured(Simulation sim, Usage usage, List<Usage.Sample> samples,
            PushTracker tracker, LiveFleet fleet, List<Simulation.Phase> phases, List<PhaseFigures> figures,
            String name, double compression, double from, double to, int bucketSeconds) throws Exception {
        Usage.Sample before = usage.sample();
        long messagesBefore = fleet.messages.sum();
        Simulation.Phase p = sim.run(name, phases.size(), compression, from, to, bucketSeconds, 20);
        Usage.Sample after = usage.sample();
        Thread.sleep(1_000); // the last deliveries of the phase's events
        long messages = fleet.messages.sum() - messagesBefore;
        Latency push = new Latency();
        List<Latency> byBucket = new ArrayList<>();
        long missing = 0;
        for (PushTracker.Pushed e : tracker.ofPhase(p.index)) {
            missing += Math.max(0, e.expected - e.delivered);
            if (e.delivered == 0) {
                continue;
            }
            push.recordNanos(e.slowestNanos());
            while (byBucket.size() <= e.bucket) {
                byBucket.add(new Latency());
            }
            byBucket.get(e.bucket).recordNanos(e.slowestNanos());
        }
        long rss = 0;
        long pss = 0;
        synchronized (samples) {
            for (Usage.Sample s : samples) {
                if (s.nanos() >= p.startNanos && s.nanos() <= after.nanos()) {
                    rss = Math.max(rss, s.serviceRss());
                    pss = Math.max(pss, s.postgresPss());
                }
            }
        }
        phases.add(p);
        PhaseFigures f = new PhaseFigures(p, push, byBucket, messages, missing, after.coresSince(before),
                Math.max(rss, after.serviceRss()), Math.max(pss, after.postgresPss()));
        figures.add(f);
        System.out.printf(Locale.ROOT, "[national]   next p99 %.1f ms, push p99 %.1f ms, %d waiting at the end: %s%n",
                p.latency("next").p99(), push.p99(), p.waitingAtEnd, f.met() ? "goals met" : "a goal broke");
        return p;
    }

    private static String rate(long n, Simulation.Phase p) {
        return String.format(Locale.ROOT, "%.1f", n / p.wallSeconds());
    }

    static String clock(double minute) {
        return String.format(Locale.ROOT, "%02d:%02d", (int) minute / 60, (int) minute % 60);
    }

    private static void writeCsv(Path file, Simulation.Phase day, PhaseFigures figures, List<Usage.Sample> samples)
            throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("simulated_time,walk_ins_per_real_hour,bookings_per_real_hour,next_p99_ms,push_p99_ms");
            double realHours = day.bucketSeconds * day.compression / 3600.0;
            for (int b = 0; b < day.arrivalsByBucket.size(); b++) {
                long[] a = day.arrivalsByBucket.get(b);
                double next = b < day.nextByBucket.size() ? day.nextByBucket.get(b).p99() : Double.NaN;
                double push = b < figures.pushByBucket().size() ? figures.pushByBucket().get(b).p99() : Double.NaN;
                out.printf(Locale.ROOT, "%s,%.0f,%.0f,%.2f,%.2f%n", clock(day.minuteOf(b)), a[0] / realHours,
                        a[1] / realHours, next, push);
            }
        }
    }
}
