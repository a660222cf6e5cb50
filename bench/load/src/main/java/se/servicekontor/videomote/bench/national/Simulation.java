package se.servicekontor.videomote.bench.national;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import se.servicekontor.videomote.bench.harness.Latency;
import se.servicekontor.videomote.bench.harness.ServiceApi;

/**
 * The working day of every office, driven through the REST API in compressed time, open loop: walk-in visitors arrive
 * at the front desks (a Poisson process whose rate follows the day's profile, per office by its size), visitors and
 * staff book meetings for the coming days, and the case officers of each agency call the next visitor, meet or mark a
 * no-show or transfer, complete, and take the next. Every wait of the real day (calling a visitor in, the meeting,
 * wrapping up, an officer's second look after "nobody waiting") is divided by the compression factor.
 *
 * <p>All of the simulation's state lives on one Vert.x context, so it needs no locks; requests are sent from it and
 * answered on it. An officer asks for the next visitor only while the agency has visitors waiting that no other
 * officer is already asking for (as a console shows the agency's waiting count): a day of 2,000 officers polling would
 * measure the polling, not the day.
 */
final class Simulation {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Share of a day's visitors arriving in each hour from 08:00 to 17:00: a morning peak and an after-lunch peak. */
    static final double[] HOURLY_SHARE = { 0.06, 0.12, 0.15, 0.13, 0.08, 0.13, 0.14, 0.11, 0.08 };
    static final double DAY_START_MINUTE = 8 * 60;
    static final double DAY_END_MINUTE = 17 * 60;

    record Office(String id, double weight, int clients, String deskToken) {
    }

    record Agency(String code, double weight) {
        String service() {
            return code + "-a";
        }
    }

    static final class Officer {
        final UUID id;
        final int agency;
        final String token;

        Officer(UUID id, int agency, String token) {
            this.id = id;
            this.agency = agency;
            this.token = token;
        }
    }

    /** The day's volumes and the real durations that compression divides. */
    record Day(double walkInsPerDay, double bookingsPerDay, int bookingDays, double meetingMinutes,
            double noShowShare, double transferShare) {
    }

    /** What one phase (a compressed stretch of the day) measured. */
    static final class Phase {
        final String name;
        final int index;
        final double compression;
        final double fromMinute;
        final double toMinute;
        final int bucketSeconds;
        final Map<String, Latency> latency = new TreeMap<>();
        final Map<String, Map<String, Long>> answers = new TreeMap<>();
        final List<Latency> nextByBucket = new ArrayList<>();
        final List<long[]> arrivalsByBucket = new ArrayList<>();
        long startNanos;
        long endNanos;
        int waitingAtEnd;
        long failed;
        final List<String> failureSamples = new ArrayList<>();

        Phase(String name, int index, double compression, double fromMinute, double toMinute, int bucketSeconds) {
            this.name = name;
            this.index = index;
            this.compression = compression;
            this.fromMinute = fromMinute;
            this.toMinute = toMinute;
            this.bucketSeconds = bucketSeconds;
        }

        double wallSeconds() {
            return (endNanos - startNanos) / 1e9;
        }

        int bucket(long nanos) {
            return (int) Math.max(0, (nanos - startNanos) / (bucketSeconds * 1_000_000_000L));
        }

        /** The simulated minute of the day at the start of {@code bucket}. */
        double minuteOf(int bucket) {
            return fromMinute + bucket * bucketSeconds * compression / 60.0;
        }

        long answered(String op, String status) {
            return answers.getOrDefault(op, Map.of()).getOrDefault(status, 0L);
        }

        long answered(String op) {
            return answers.getOrDefault(op, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        Latency latency(String op) {
            return latency.computeIfAbsent(op, k -> new Latency());
        }

        private <T> T at(List<T> list, int bucket, java.util.function.Supplier<T> fresh) {
            while (list.size() <= bucket) {
                list.add(fresh.get());
            }
            return list.get(bucket);
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final HttpClient http;
    private final String host;
    private final int port;
    private final List<Office> offices;
    private final List<Agency> agencies;
    private final double[] officeCumulative;
    private final double[] agencyCumulative;
    private final Day day;
    private final PushTracker tracker;
    private final Random random;
    private final int[] waiting;
    private final int[] asking;
    private final List<ArrayDeque<Officer>> idle = new ArrayList<>();
    /** Officers who found nobody they could take, until something changes for their agency. */
    private final List<ArrayDeque<Officer>> parked = new ArrayList<>();
    private int busy;
    private Phase phase;
    private double compression = 1;
    private long arrivalTimer = -1;
    private long dispatchTimer = -1;
    private CompletableFuture<Void> arrivalsDone;
    private boolean stopped;
    private double lastArrivalMinute;
    private final LocalDate firstBookingDay;

    Simulation(Vertx vertx, URI service, List<Office> offices, List<Agency> agencies, List<Officer> officers, Day day,
            PushTracker tracker, long seed) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.host = service.getHost();
        this.port = service.getPort();
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(512).setKeepAlive(true)
                .setConnectTimeout(10_000));
        this.offices = offices;
        this.agencies = agencies;
        this.officeCumulative = cumulative(offices.stream().mapToDouble(Office::weight).toArray());
        this.agencyCumulative = cumulative(agencies.stream().mapToDouble(Agency::weight).toArray());
        this.day = day;
        this.tracker = tracker;
        this.random = new Random(seed);
        this.waiting = new int[agencies.size()];
        this.asking = new int[agencies.size()];
        for (int a = 0; a < agencies.size(); a++) {
            idle.add(new ArrayDeque<>());
            parked.add(new ArrayDeque<>());
        }
        officers.forEach(o -> idle.get(o.agency).add(o));
        this.firstBookingDay = LocalDate.now(ServiceApi.ZONE).plusDays(1);
    }

    /**
     * Runs the day from {@code fromMinute} to {@code toMinute} (minutes after midnight) at {@code compression}, then
     * lets the officers serve who is still waiting for at most {@code drainSeconds}; answers what it measured.
     */
    Phase run(String name, int index, double compression, double fromMinute, double toMinute, int bucketSeconds,
            int drainSeconds) throws Exception {
        Phase p = new Phase(name, index, compression, fromMinute, toMinute, bucketSeconds);
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            this.phase = p;
            this.compression = compression;
            p.startNanos = System.nanoTime();
            lastArrivalMinute = fromMinute;
            arrivalsDone = done;
            arrivalTimer = vertx.setPeriodic(100, id -> arrivals());
            if (dispatchTimer < 0) {
                dispatchTimer = vertx.setPeriodic(20, id -> dispatch());
            }
        });
        done.get();
        long drainUntil = System.nanoTime() + drainSeconds * 1_000_000_000L;
        while (System.nanoTime() < drainUntil && !onContext(this::quiet)) {
            Thread.sleep(100);
        }
        p.waitingAtEnd = onContext(() -> java.util.Arrays.stream(waiting).sum());
        return p;
    }

    /** Stops calling visitors and closes the HTTP client. */
    void stop() throws Exception {
        onContext(() -> {
            stopped = true;
            vertx.cancelTimer(dispatchTimer);
            return null;
        });
        http.close().toCompletionStage().toCompletableFuture().get();
    }

    private boolean quiet() {
        return busy == 0 && java.util.Arrays.stream(waiting).sum() == 0 && java.util.Arrays.stream(asking).sum() == 0;
    }

    private <T> T onContext(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get();
    }

    /** The simulated minute of the day now. */
    private double minute(long nanos) {
        return phase.fromMinute + (nanos - phase.startNanos) / 60e9 * compression;
    }

    /** Visitors per simulated minute, as a share of the day's, at {@code minute} (linear between hour midpoints). */
    static double shareAt(double minute) {
        double h = (minute - DAY_START_MINUTE) / 60.0 - 0.5;
        if (h <= 0) {
            return HOURLY_SHARE[0] / 60.0;
        }
        if (h >= HOURLY_SHARE.length - 1) {
            return HOURLY_SHARE[HOURLY_SHARE.length - 1] / 60.0;
        }
        int i = (int) h;
        double f = h - i;
        return (HOURLY_SHARE[i] * (1 - f) + HOURLY_SHARE[i + 1] * f) / 60.0;
    }

    /** About every 100 ms of wall time: the walk-ins and bookings of the simulated minutes that passed since the last. */
    private void arrivals() {
        long now = System.nanoTime();
        double minute = minute(now);
        if (minute >= phase.toMinute) {
            vertx.cancelTimer(arrivalTimer);
            phase.endNanos = now;
            arrivalsDone.complete(null);
            return;
        }
        // The minutes since the last tick, not a nominal 100 ms: a late timer must not lose arrivals.
        double simulatedMinutes = minute - lastArrivalMinute;
        lastArrivalMinute = minute;
        double share = shareAt(minute) * simulatedMinutes;
        for (int o = 0; o < offices.size(); o++) {
            int n = poisson(day.walkInsPerDay() * share * weightOf(o));
            for (int k = 0; k < n; k++) {
                ticket(offices.get(o));
            }
        }
        int bookings = poisson(day.bookingsPerDay() * share);
        for (int k = 0; k < bookings; k++) {
            booking();
        }
        long[] counts = phase.at(phase.arrivalsByBucket, phase.bucket(now), () -> new long[2]);
        counts[1] += bookings;
    }

    private double weightOf(int office) {
        return officeCumulative[office] - (office == 0 ? 0 : officeCumulative[office - 1]);
    }

    private void ticket(Office office) {
        Agency agency = agencies.get(pick(agencyCumulative));
        double r = random.nextDouble();
        String language = r < 0.90 ? "sv" : r < 0.97 ? "en" : "ar";
        String priority = random.nextDouble() < 0.02 ? "PRIORITY" : "NORMAL";
        String body = "{\"agency\":\"" + agency.code() + "\",\"service\":\"" + agency.service() + "\",\"language\":\""
                + language + "\",\"priority\":\"" + priority + "\",\"visitorName\":\"Besökare\",\"afterHours\":true}";
        long[] counts = phase.at(phase.arrivalsByBucket, phase.bucket(System.nanoTime()), () -> new long[2]);
        counts[0]++;
        send("ticket", "/api/v1/offices/" + office.id() + "/visits", office.deskToken(), body, (status, json) -> {
            if (status == 201) {
                int a = agencies.indexOf(agency);
                waiting[a]++;
                unpark(a);
                caused("visit.created", json.path("id").asText(), office.clients());
            }
        });
    }

    private void booking() {
        Office office = offices.get(pick(officeCumulative));
        Agency agency = agencies.get(pick(agencyCumulative));
        LocalDate date = firstBookingDay.plusDays(random.nextInt(day.bookingDays()));
        int slots = (int) java.time.Duration.between(ServiceApi.OPENS, ServiceApi.CLOSES).toMinutes() / 30;
        OffsetDateTime start = date.atTime(ServiceApi.OPENS).plusMinutes(30L * random.nextInt(slots))
                .atZone(ServiceApi.ZONE).toOffsetDateTime();
        String body = "{\"office\":\"" + office.id() + "\",\"agency\":\"" + agency.code() + "\",\"service\":\""
                + agency.service() + "\",\"start\":\"" + start + "\",\"visitor\":{\"name\":\"Bokande Besökare\"}}";
        send("booking", "/api/v1/bookings", office.deskToken(), body, (status, json) -> {
        });
    }

    /** Every 20 ms: idle officers of each agency ask for the next visitor while visitors wait that nobody asks for. */
    private void dispatch() {
        for (int a = 0; a < agencies.size(); a++) {
            ArrayDeque<Officer> free = idle.get(a);
            while (asking[a] < waiting[a] && !free.isEmpty()) {
                next(free.poll());
            }
        }
    }

    private void next(Officer officer) {
        asking[officer.agency]++;
        busy++;
        send("next", "/api/v1/officers/" + officer.id + "/next", officer.token, null, (status, json) -> {
            asking[officer.agency]--;
            if (status == 200) {
                JsonNode visit = json.path("visit");
                String id = visit.path("id").asText();
                int agency = indexOfAgency(visit.path("agency").asText());
                if (agency >= 0) {
                    waiting[agency] = Math.max(0, waiting[agency] - 1);
                }
                int clients = clientsOf(visit.path("office").asText());
                caused("visit.called", id, clients);
                later(45, () -> meet(officer, id, agency < 0 ? officer.agency : agency, clients));
            } else {
                park(officer);
            }
        });
    }

    private void meet(Officer officer, String visit, int agency, int clients) {
        double r = random.nextDouble();
        String path = "/api/v1/visits/" + visit;
        if (r < day.noShowShare()) {
            send("no-show", path + "/no-show", officer.token, null, (status, json) -> {
                roomFreed();
                later(30, () -> free(officer));
            });
        } else if (r < day.noShowShare() + day.transferShare()) {
            int to = pick(agencyCumulative);
            if (to == agency) {
                to = (to + 1) % agencies.size();
            }
            Agency target = agencies.get(to);
            int toIndex = to;
            String body = "{\"agency\":\"" + target.code() + "\",\"service\":\"" + target.service() + "\"}";
            send("transfer", path + "/transfer", officer.token, body, (status, json) -> {
                if (status / 100 == 2) {
                    waiting[toIndex]++;
                    roomFreed();
                }
                later(60, () -> free(officer));
            });
        } else {
            send("start", path + "/start", officer.token, null, (status, json) -> {
                if (status / 100 != 2) {
                    send("no-show", path + "/no-show", officer.token, null, (s, j) -> {
                        roomFreed();
                        free(officer);
                    });
                    return;
                }
                double meeting = 180 + exponential((day.meetingMinutes() - 3) * 60);
                later(meeting, () -> send("complete", path + "/complete", officer.token, null, (s, j) -> {
                    if (s / 100 == 2) {
                        caused("visit.completed", visit, clients);
                        roomFreed();
                    }
                    later(60, () -> free(officer));
                }));
            });
        }
    }

    private void free(Officer officer) {
        busy--;
        idle.get(officer.agency).add(officer);
    }

    /**
     * "Next" found nobody this officer can take: the visitors waiting are at offices without a free room, or need a
     * language the officer does not speak. Like a console, it asks again when something changes (a visitor of its
     * agency arrives, a room is freed), or after five minutes of the real day at the latest.
     */
    private void park(Officer officer) {
        busy--;
        parked.get(officer.agency).add(officer);
        later(300, () -> {
            if (parked.get(officer.agency).remove(officer)) {
                idle.get(officer.agency).add(officer);
            }
        });
    }

    private void unpark(int agency) {
        Officer o = parked.get(agency).poll();
        if (o != null) {
            idle.get(agency).add(o);
        }
    }

    /** A room became free: one parked officer of every agency with visitors waiting looks again. */
    private void roomFreed() {
        for (int a = 0; a < agencies.size(); a++) {
            if (waiting[a] > 0) {
                unpark(a);
            }
        }
    }

    private void caused(String type, String visit, int clients) {
        long now = System.nanoTime();
        tracker.caused(type, visit, now, phase.index, phase.bucket(now), clients);
    }

    private int clientsOf(String office) {
        for (Office o : offices) {
            if (o.id().equals(office)) {
                return o.clients();
            }
        }
        return 0;
    }

    private int indexOfAgency(String code) {
        for (int a = 0; a < agencies.size(); a++) {
            if (agencies.get(a).code().equals(code)) {
                return a;
            }
        }
        return -1;
    }

    /** After {@code realSeconds} of the real day, compressed (at least 1 ms). */
    private void later(double realSeconds, Runnable work) {
        vertx.setTimer(Math.max(1, (long) (realSeconds * 1000 / compression)), id -> work.run());
    }

    /** One request, timed from the moment it is handed to the client; the handler gets the status and the body. */
    private void send(String op, String path, String token, String body, BiConsumer<Integer, JsonNode> then) {
        if (stopped) {
            return; // the run is over: meetings still under way are not finished
        }
        Phase p = phase;
        long start = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(path).putHeader("Authorization", "Bearer " + token).setTimeout(30_000);
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        http.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Object[] { response.statusCode(), b }))
                .onComplete(ar -> {
                    long nanos = System.nanoTime() - start;
                    int status = ar.succeeded() ? (Integer) ar.result()[0] : -1;
                    JsonNode json = JSON.missingNode();
                    if (ar.succeeded() && ((Buffer) ar.result()[1]).length() > 0 && status / 100 == 2) {
                        try {
                            json = JSON.readTree(((Buffer) ar.result()[1]).getBytes());
                        } catch (java.io.IOException e) {
                            status = -2;
                        }
                    }
                    record(p, op, status, nanos, ar.succeeded() ? ((Buffer) ar.result()[1]).toString()
                            : String.valueOf(ar.cause()));
                    then.accept(status, json);
                });
    }

    /** Expected answers: 2xx; 204 for "next" (nobody it could take); 409 for a booking (the slot was full). */
    private static boolean expected(String op, int status) {
        return status / 100 == 2 || ("booking".equals(op) && status == 409);
    }

    private void record(Phase p, String op, int status, long nanos, String body) {
        p.latency(op).recordNanos(nanos);
        if ("next".equals(op)) {
            p.at(p.nextByBucket, p.bucket(System.nanoTime() - nanos), Latency::new).recordNanos(nanos);
        }
        p.answers.computeIfAbsent(op, k -> new TreeMap<>()).merge(status < 0 ? "error" : Integer.toString(status), 1L,
                Long::sum);
        if (!expected(op, status)) {
            p.failed++;
            if (p.failureSamples.size() < 5) {
                p.failureSamples.add(op + " " + status + " " + body.substring(0, Math.min(200, body.length())));
            }
        }
    }

    private int pick(double[] cumulative) {
        double r = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    private static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double total = java.util.Arrays.stream(weights).sum();
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] / total;
            c[i] = sum;
        }
        return c;
    }
}
