package se.servicekontor.videomote.bench.national;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The live clients of every office: waiting-room displays (kiosk token, display stream) and front desks (desk token,
 * desk stream). Each checks that its stream's {@code seq} follows by one, and reports the visit events it receives to
 * the {@link PushTracker}. Messages are read by position, not parsed as a whole: at 10,000 clients the load
 * generator's CPU is shared with the service and PostgreSQL on the same machine.
 */
final class LiveFleet {

    /** The visit events whose delivery is timed. */
    static final Set<String> TIMED = Set.of("visit.created", "visit.called", "visit.completed");

    final LongAdder messages = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder repeats = new LongAdder();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger closedEarly = new AtomicInteger();
    /** Characters of the largest message any client received. */
    final AtomicInteger largest = new AtomicInteger();
    /** Why sockets closed before the end, by close code and reason. */
    final java.util.Map<String, Integer> closeReasons = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final PushTracker tracker;
    private volatile boolean closing;

    LiveFleet(PushTracker tracker) {
        this.tracker = tracker;
    }

    /** One client's position in its stream. */
    private final class Client {
        String stream;
        long lastSeq = -1;

        void message(String text) {
            long now = System.nanoTime();
            messages.increment();
            String stream = text(text, "\"stream\":\"");
            long seq = number(text, "\"seq\":");
            String type = text(text, "\"type\":\"");
            if ("snapshot".equals(type)) {
                this.stream = stream;
                lastSeq = seq;
                return;
            }
            if (this.stream == null || !this.stream.equals(stream)) {
                return;
            }
            if (seq <= lastSeq) {
                repeats.increment();
            } else if (seq != lastSeq + 1) {
                gaps.increment();
            }
            lastSeq = Math.max(lastSeq, seq);
            if (type != null && TIMED.contains(type)) {
                String visit = visitId(text);
                if (visit != null) {
                    tracker.delivered(type, visit, now);
                }
            }
        }
    }

    /** A client to open: the path of its stream and its token. */
    record Target(String path, String token) {
    }

    /** Opens every target, at most {@code concurrency} handshakes at a time; returns once all have been tried. */
    void connect(Vertx vertx, URI service, List<Target> targets, int concurrency) throws InterruptedException {
        // Vert.x closes a client on a message over 256 KiB or a frame over 64 KiB by default; a browser takes far
        // larger ones, so a screen's client here must too (a busy office's display messages passed 64 KiB).
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(targets.size() + 16).setConnectTimeout(30_000)
                .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(16 * 1024 * 1024));
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(targets.size());
        for (Target target : targets) {
            inFlight.acquire();
            Client client = new Client();
            // No request timeout (setTimeout): Vert.x closed one upgraded socket per run with 1000 thirty seconds after
            // it opened. The client options' connect timeout bounds the handshake.
            ws.connect(new WebSocketConnectOptions().setHost(service.getHost()).setPort(service.getPort())
                    .setURI(target.path()).addHeader("Authorization", "Bearer " + target.token()))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            open.incrementAndGet();
                            ar.result().textMessageHandler(message -> {
                                largest.accumulateAndGet(message.length(), Math::max);
                                client.message(message);
                            });
                            io.vertx.core.http.WebSocket socket = ar.result();
                            socket.exceptionHandler(e -> System.err.println("[national] live client " + target.path()
                                    + " failed after " + client.lastSeq + ": " + e));
                            socket.closeHandler(v -> {
                                open.decrementAndGet();
                                if (!closing) {
                                    closedEarly.incrementAndGet();
                                    closeReasons.merge(socket.closeStatusCode() + " " + socket.closeReason() + " ("
                                            + target.path().replaceAll("/[^/]+/(display|desk)$", "/*/$1") + ")", 1,
                                            Integer::sum);
                                    System.err.println("[national] live client closed early: " + target.path() + " "
                                            + socket.closeStatusCode() + " " + socket.closeReason() + " after "
                                            + client.lastSeq + " " + java.time.LocalTime.now());
                                }
                            });
                        } else {
                            failed.incrementAndGet();
                        }
                        inFlight.release();
                        done.countDown();
                    });
        }
        done.await(5, TimeUnit.MINUTES);
    }

    /** From now on a closing socket is expected (the run ends with the service). */
    void closing() {
        closing = true;
    }

    /**
     * The visit's id in an event's data. The data goes out as PostgreSQL stored it (jsonb: a space after each colon,
     * keys ordered by length), so it is found by name, not by position.
     */
    static String visitId(String json) {
        int visit = json.indexOf("\"visit\"", json.indexOf("\"data\""));
        int id = visit < 0 ? -1 : json.indexOf("\"id\"", visit);
        int start = id < 0 ? -1 : json.indexOf('"', id + 4);
        int end = start < 0 ? -1 : json.indexOf('"', start + 1);
        return end < 0 ? null : json.substring(start + 1, end);
    }

    private static String text(String json, String key) {
        int i = json.indexOf(key);
        if (i < 0) {
            return null;
        }
        int start = i + key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    private static long number(String json, String key) {
        int i = json.indexOf(key);
        if (i < 0) {
            return -1;
        }
        long n = 0;
        for (int k = i + key.length(); k < json.length() && Character.isDigit(json.charAt(k)); k++) {
            n = n * 10 + (json.charAt(k) - '0');
        }
        return n;
    }
}
