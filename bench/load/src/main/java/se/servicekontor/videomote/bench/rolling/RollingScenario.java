package se.servicekontor.videomote.bench.rolling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import se.servicekontor.videomote.bench.harness.Args;
import se.servicekontor.videomote.bench.harness.Keys;
import se.servicekontor.videomote.bench.harness.Latency;
import se.servicekontor.videomote.bench.harness.Scenario;
import se.servicekontor.videomote.bench.harness.ServiceApi;
import se.servicekontor.videomote.bench.harness.Table;
import se.servicekontor.videomote.bench.harness.Tokens;

/**
 * Issue 16's rolling restart, the load side: steady walk-in work (desks issuing tickets; officers calling, starting
 * and completing visits), bookings by a desk, and live clients (display and desk streams of every office) through the load balancer, for
 * {@code --duration} seconds while {@code bench/rolling.sh} restarts the instances behind it one after another.
 *
 * <p>It counts every HTTP request that did not get its expected answer (anything but 2xx; a connection error or a
 * timeout counts too), and checks every live client end to end: each message's {@code seq} must follow the previous
 * one of its stream by exactly one; a client whose socket closes reconnects through the load balancer with
 * {@code ?after=<last seq>} and must get exactly the events it missed (a snapshot with {@code resync} counts
 * against it); how long it was without a connection is recorded; at the end its last {@code seq} must equal the
 * stream's head, read by a fresh connection.
 */
public final class RollingScenario implements Scenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int run(Args args) throws Exception {
        URI service = URI.create(args.required("service"));
        Path keys = Path.of(args.required("keys"));
        String issuer = args.required("issuer");
        int offices = args.integer("offices", 4);
        int officers = args.integer("officers", 8);
        int desks = args.integer("desks", 4);
        int displaysPerOffice = args.integer("displays", 25);
        int bookingDays = args.integer("booking-days", 20);
        // Failover mode (bench/failover.sh): the database goes away for a while, so a fast 503 is the expected answer
        // then; every write acknowledged with 201 is listed in --acked for the script to find in the database.
        boolean outage = Boolean.parseBoolean(args.string("outage", "false"));
        String acked = args.string("acked", null);
        Duration duration = args.seconds("duration", 90);
        args.rejectUnused();

        Tokens tokens = new Tokens(Keys.readPrivate(keys.resolve("private.pem")), issuer);
        ServiceApi api = new ServiceApi(service, tokens);
        String agency = "roll";
        api.agency(agency, "RO");
        String svc = agency + "-a";
        List<String> officeIds = new ArrayList<>();
        for (int o = 1; o <= offices; o++) {
            String office = "roll-" + o;
            api.office(office, List.of(agency));
            api.room(office, "Rum 1");
            api.room(office, "Rum 2");
            officeIds.add(office);
        }
        List<UUID> officerIds = new ArrayList<>();
        for (int i = 0; i < officers; i++) {
            UUID id = UUID.fromString(api.officer(agency, "Handläggare " + i, List.of("sv"), List.of(svc)).get("id")
                    .asText());
            api.presence(id, agency, "AVAILABLE");
            officerIds.add(id);
        }
        // Shifts from tomorrow on, so that bookings find an officer: as many officers as rooms, every slot fits.
        java.time.LocalDate firstDay = java.time.LocalDate.now(ServiceApi.ZONE).plusDays(1);
        List<ServiceApi.Call> shifts = new ArrayList<>();
        for (UUID officer : officerIds) {
            for (int d = 0; d < bookingDays; d++) {
                java.time.LocalDate day = firstDay.plusDays(d);
                shifts.add(() -> api.shift(officer, day.atTime(ServiceApi.OPENS).atZone(ServiceApi.ZONE)
                        .toOffsetDateTime(), day.atTime(ServiceApi.CLOSES).atZone(ServiceApi.ZONE).toOffsetDateTime()));
            }
        }
        ServiceApi.parallel(8, shifts);
        int slotsPerDay = (int) Duration.between(ServiceApi.OPENS, ServiceApi.CLOSES).toMinutes() / 30;
        long capacity = (long) bookingDays * slotsPerDay * offices * 2;

        Vertx vertx = Vertx.vertx();
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(offices * (displaysPerOffice + 1) + 16).setConnectTimeout(5_000));
        AtomicBoolean running = new AtomicBoolean(true);
        List<LiveClient> clients = new ArrayList<>();
        for (String office : officeIds) {
            for (int i = 0; i < displaysPerOffice; i++) {
                clients.add(new LiveClient(vertx, ws, service, "/ws/v1/offices/" + office + "/display",
                        tokens.kiosk(office), running));
            }
            clients.add(new LiveClient(vertx, ws, service, "/ws/v1/offices/" + office + "/desk", tokens.desk(office),
                    running));
        }
        clients.forEach(LiveClient::connect);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (clients.stream().anyMatch(c -> c.lastSeq.get() < 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long notConnected = clients.stream().filter(c -> c.lastSeq.get() < 0).count();
        System.out.printf(Locale.ROOT, "[rolling] seeded %d offices, %d officers; %d live clients connected (%d not)%n",
                offices, officers, clients.size() - notConnected, notConnected);
        System.out.println("[rolling] load running"); // bench/rolling.sh starts restarting instances on this line
        System.out.flush();

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Requests requests = new Requests(outage);
        List<Thread> workers = new ArrayList<>();
        for (int d = 0; d < desks; d++) {
            String office = officeIds.get(d % offices);
            String body = "{\"agency\":\"" + agency + "\",\"service\":\"" + svc + "\",\"afterHours\":true}";
            workers.add(started(() -> {
                while (running.get()) {
                    requests.send(http, "ticket", service.resolve("/api/v1/offices/" + office + "/visits"),
                            tokens.desk(office), body);
                    pause(200);
                }
            }));
        }
        // Bookings by one desk, each for a free room and officer: two per office and slot, slot after slot.
        AtomicLong bookingOrdinal = new AtomicLong();
        workers.add(started(() -> {
            while (running.get()) {
                long n = bookingOrdinal.getAndIncrement();
                if (n >= capacity) {
                    pause(200);
                    continue;
                }
                String office = officeIds.get((int) (n % offices));
                long slot = n / offices / 2;
                java.time.OffsetDateTime start = firstDay.plusDays(slot / slotsPerDay).atTime(ServiceApi.OPENS)
                        .plusMinutes(30 * (slot % slotsPerDay)).atZone(ServiceApi.ZONE).toOffsetDateTime();
                String body = "{\"office\":\"" + office + "\",\"agency\":\"" + agency + "\",\"service\":\"" + svc
                        + "\",\"start\":\"" + start + "\",\"visitor\":{\"name\":\"Rullande Besökare\"}}";
                requests.send(http, "booking", service.resolve("/api/v1/bookings"), tokens.desk(office), body);
                pause(50);
            }
        }));
        for (UUID officer : officerIds) {
            String token = tokens.officer(officer, agency);
            workers.add(started(() -> {
                while (running.get()) {
                    Answer next = requests.send(http, "next", service.resolve("/api/v1/officers/" + officer + "/next"),
                            token, null);
                    String visit;
                    if (next.status() == 200) {
                        visit = next.body().at("/visit/id").asText();
                    } else if (next.status() == 409) {
                        // A "next" whose answer was lost (the database went away around its commit) may have called
                        // a visit after all: like a console after a reload, read it from the officer's snapshot.
                        visit = LiveClient.heldVisit(vertx, ws, service, "/ws/v1/officers/" + officer, token);
                        if (visit == null) {
                            pause(100);
                            continue;
                        }
                        requests.recovered.incrementAndGet();
                    } else {
                        pause(100);
                        continue;
                    }
                    // A console retries its button while the service answers 503 (the database is away).
                    for (String step : List.of("start", "complete")) {
                        URI uri = service.resolve("/api/v1/visits/" + visit + "/" + step);
                        for (int tries = 0; requests.send(http, step, uri, token, null).status() == 503
                                && tries < 100; tries++) {
                            pause(200);
                        }
                    }
                }
            }));
        }
        Thread.sleep(duration.toMillis());
        running.set(false);
        for (Thread t : workers) {
            t.join(35_000);
        }
        Thread.sleep(3_000); // the last events reach every client

        // Every client ends at its stream's head, as a fresh connection sees it.
        Map<String, Long> heads = new TreeMap<>();
        for (LiveClient c : clients) {
            heads.computeIfAbsent(c.path, p -> LiveClient.head(vertx, ws, service, p, c.token));
        }
        long behind = clients.stream().filter(c -> c.lastSeq.get() != heads.get(c.path)).count();
        clients.forEach(LiveClient::close);

        System.out.printf(Locale.ROOT, "== rolling restart: %d s of load through the load balancer%n",
                duration.toSeconds());
        Table t = new Table("request", "sent", "2xx", "204", "503 (refused)", "failed", "p50", "p99", "max",
                "refusal max");
        requests.byName.forEach((name, r) -> t.row(name, r.sent.get(), r.ok.get(), r.noContent.get(),
                r.refused.get(), r.failed.get(), r.latency.p50(), r.latency.p99(), r.latency.maxMs(),
                r.refusals.count() == 0 ? "" : Table.ms(r.refusals.maxMs())));
        System.out.println(t);
        if (requests.recovered.get() > 0) {
            System.out.println("visits held by an officer whose 'next' answer was lost, found in the officer's snapshot"
                    + " and finished: " + requests.recovered.get());
        }
        if (!requests.failures.isEmpty()) {
            System.out.println("failed requests by answer: " + requests.failures);
            requests.samples.forEach(sample -> System.out.println("  e.g. " + sample.replace('\n', ' ')));
        }
        Latency away = new Latency();
        long reconnects = 0;
        long gaps = 0;
        long repeats = 0;
        long resyncs = 0;
        for (LiveClient c : clients) {
            c.downtimes.forEach(away::recordNanos);
            reconnects += c.downtimes.size();
            gaps += c.gaps.get();
            repeats += c.repeats.get();
            resyncs += c.resyncs.get();
        }
        Table live = new Table("live clients", "reconnects", "without connection p50", "p99", "max", "seq gaps",
                "seq repeats", "resync snapshots", "not at head at the end");
        live.row(clients.size(), reconnects, away.p50(), away.p99(), away.maxMs(), gaps, repeats, resyncs, behind);
        System.out.println(live);
        if (acked != null) {
            java.nio.file.Files.write(Path.of(acked), requests.created);
            System.out.printf(Locale.ROOT, "[rolling] %d writes acknowledged with 201, listed in %s%n",
                    requests.created.size(), acked);
        }
        long failed = requests.byName.values().stream().mapToLong(r -> r.failed.get()).sum();
        double slowestRefusal = requests.byName.values().stream().filter(r -> r.refusals.count() > 0)
                .mapToDouble(r -> r.refusals.maxMs()).max().orElse(0);
        boolean met = failed == 0 && slowestRefusal <= 5_000 && gaps == 0 && repeats == 0 && resyncs == 0 && behind == 0 && notConnected == 0
                && (away.count() == 0 || away.maxMs() <= 5_000);
        System.out.println("== goal (issue 16): 0 failed requests" + (outage ? " (a 503 within 5 s is the answer"
                + " while the database is away; a 500, a hang or an error is a failure)" : "") + "; every live client"
                + " back within 5 s; no event lost or repeated: " + (met ? "met" : "NOT met"));
        vertx.close().toCompletionStage().toCompletableFuture().join();
        return met ? 0 : 1; // bench/rolling.sh and bench/failover.sh fail with it, so a script or CI can rely on them
    }

    private static Thread started(Runnable work) {
        Thread t = new Thread(work);
        t.start();
        return t;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    record Answer(int status, JsonNode body) {
    }

    /** Counts per kind of request. */
    static final class Requests {

        final boolean outage;
        final Map<String, Counts> byName = new ConcurrentHashMap<>();
        final List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong recovered = new AtomicLong();

        Requests(boolean outage) {
            this.outage = outage;
        }

        final Map<String, Long> failures = new ConcurrentHashMap<>();
        final List<String> samples = java.util.Collections.synchronizedList(new ArrayList<>());

        Answer send(HttpClient http, String name, URI uri, String token, String body) {
            Counts counts = byName.computeIfAbsent(name, n -> new Counts());
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token);
            request = body == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body));
            counts.sent.incrementAndGet();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    counts.ok.incrementAndGet();
                    counts.latency.recordNanos(System.nanoTime() - start);
                    if (status == 204) {
                        counts.noContent.incrementAndGet();
                        return new Answer(status, null);
                    }
                    JsonNode json = JSON.readTree(response.body());
                    if (status == 201 && json.hasNonNull("id")) {
                        created.add(name + " " + json.get("id").asText());
                    }
                    return new Answer(status, json);
                }
                if (outage && status == 503) {
                    counts.refused.incrementAndGet();
                    counts.refusals.recordNanos(System.nanoTime() - start);
                    return new Answer(status, null);
                }
                counts.failed.incrementAndGet();
                failures.merge(name + " " + status, 1L, Long::sum);
                if (samples.size() < 5) {
                    samples.add(name + " " + status + " " + response.headers().firstValue("server").orElse("")
                            + " " + response.body().substring(0, Math.min(300, response.body().length())));
                }
                return new Answer(status, null);
            } catch (IOException e) {
                counts.failed.incrementAndGet();
                failures.merge(name + " " + e.getClass().getSimpleName(), 1L, Long::sum);
                return new Answer(-1, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(-1, null);
            }
        }
    }

    static final class Counts {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong noContent = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final Latency latency = new Latency();
        final Latency refusals = new Latency();
    }

    /** One live client that resumes with {@code ?after} whenever its socket closes, checking every seq. */
    static final class LiveClient {

        final Vertx vertx;
        final WebSocketClient ws;
        final URI service;
        final String path;
        final String token;
        final AtomicBoolean running;
        final AtomicLong lastSeq = new AtomicLong(-1);
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong repeats = new AtomicLong();
        final AtomicLong resyncs = new AtomicLong();
        final List<Long> downtimes = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile WebSocket socket;
        volatile long closedAt;
        volatile String stream;

        LiveClient(Vertx vertx, WebSocketClient ws, URI service, String path, String token, AtomicBoolean running) {
            this.vertx = vertx;
            this.ws = ws;
            this.service = service;
            this.path = path;
            this.token = token;
            this.running = running;
        }

        void connect() {
            long after = lastSeq.get();
            String uri = after < 0 ? path : path + "?after=" + after;
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(service.getHost())
                    .setPort(service.getPort()).setURI(uri).addHeader("Authorization", "Bearer " + token);
            ws.connect(options).onSuccess(s -> {
                socket = s;
                if (closedAt != 0) {
                    downtimes.add(System.nanoTime() - closedAt);
                    closedAt = 0;
                }
                s.textMessageHandler(this::message);
                s.closeHandler(v -> closed());
            }).onFailure(e -> vertx.setTimer(200, id -> connect()));
        }

        private void message(String text) {
            JsonNode m;
            try {
                m = JSON.readTree(text);
            } catch (IOException e) {
                gaps.incrementAndGet();
                return;
            }
            String type = m.path("type").asText();
            String s = m.path("stream").asText();
            long seq = m.path("seq").asLong(-1);
            if ("snapshot".equals(type)) {
                if (lastSeq.get() >= 0) {
                    resyncs.incrementAndGet(); // a resumed client must get its missed events, not a new snapshot
                }
                stream = s;
                lastSeq.set(seq);
                return;
            }
            if (stream != null && !stream.equals(s)) {
                return; // a followed stream of the connection, numbered on its own
            }
            long previous = lastSeq.get();
            if (seq <= previous) {
                repeats.incrementAndGet();
            } else if (seq != previous + 1) {
                gaps.incrementAndGet();
                lastSeq.set(seq);
            } else {
                lastSeq.set(seq);
            }
        }

        private void closed() {
            socket = null;
            if (running.get()) {
                closedAt = System.nanoTime();
                vertx.setTimer(20, id -> connect());
            }
        }

        void close() {
            running.set(false);
            WebSocket s = socket;
            if (s != null) {
                s.close();
            }
        }

        /** The visit an officer holds, from the snapshot of the officer's stream; null when none. */
        static String heldVisit(Vertx vertx, WebSocketClient ws, URI service, String path, String token) {
            JsonNode id = firstMessage(ws, service, path, token).at("/data/visit/id");
            return id.isMissingNode() || id.isNull() ? null : id.asText();
        }

        /** The stream's head: the seq of a fresh connection's snapshot (-2 when it cannot be read). */
        static long head(Vertx vertx, WebSocketClient ws, URI service, String path, String token) {
            return firstMessage(ws, service, path, token).path("seq").asLong(-2);
        }

        /** The first message (the snapshot) of a fresh connection to {@code path}; a missing node when none came. */
        private static JsonNode firstMessage(WebSocketClient ws, URI service, String path, String token) {
            java.util.concurrent.CompletableFuture<JsonNode> first = new java.util.concurrent.CompletableFuture<>();
            ws.connect(new WebSocketConnectOptions().setHost(service.getHost()).setPort(service.getPort()).setURI(path)
                    .addHeader("Authorization", "Bearer " + token)).onSuccess(s -> s.textMessageHandler(text -> {
                        try {
                            first.complete(JSON.readTree(text));
                        } catch (IOException e) {
                            first.completeExceptionally(e);
                        }
                        s.close();
                    })).onFailure(first::completeExceptionally);
            try {
                return first.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
        }
    }
}
