package se.servicekontor.videomote.bench.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import se.servicekontor.videomote.bench.harness.Http;

/**
 * Causes events at a steady rate (open loop: the schedule does not wait for answers), one cause in flight per lane,
 * lanes taken round robin. The first {@code warmup × rate} causes warm both sides up and are not measured. If every
 * lane is still busy when a cause is due, the cause is skipped and counted: a sign the server cannot keep up. A cause
 * without an answer (10 s timeout) or with a 5xx may or may not have made its event, so its lane is retired.
 */
final class CauseGenerator {

    /** One cause: its lane, its ordinal within the lane, and the answer. */
    static final class Cause {

        final int lane;
        final long ordinal;
        final boolean measured;
        final long dueNanos;
        volatile Http.Response response;

        Cause(int lane, long ordinal, boolean measured, long dueNanos) {
            this.lane = lane;
            this.ordinal = ordinal;
            this.measured = measured;
            this.dueNanos = dueNanos;
        }

        boolean ok() {
            Http.Response r = response;
            return r != null && r.ok();
        }

        /**
         * No answer, or a 5xx: the change may or may not have been committed, so from here on this lane's events
         * can no longer be paired with its causes.
         */
        boolean unknown() {
            Http.Response r = response;
            return r == null || r.status() == 0 || r.status() >= 500;
        }
    }

    private final Vertx vertx;
    private final HttpClient http;
    private final EventSource source;
    private final double rate;
    private final Duration warmup;
    private final Duration duration;
    private final List<List<Cause>> lanes = new ArrayList<>();
    private final AtomicBoolean[] busy;
    private final AtomicInteger inFlight = new AtomicInteger();
    private int skipped;
    private int nextLane;

    CauseGenerator(Vertx vertx, HttpClient http, EventSource source, double rate, Duration warmup, Duration duration) {
        this.vertx = vertx;
        this.http = http;
        this.source = source;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
        this.busy = new AtomicBoolean[source.lanes()];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = new AtomicBoolean();
            lanes.add(java.util.Collections.synchronizedList(new ArrayList<>()));
        }
    }

    /** Runs the schedule on the calling thread and returns once every cause has been answered (or timed out). */
    void run() throws InterruptedException {
        Context context = vertx.getOrCreateContext();
        long interval = Math.round(1e9 / rate);
        long warm = Math.round(warmup.toNanos() / 1e9 * rate);
        long total = warm + Math.round(duration.toNanos() / 1e9 * rate);
        long[] ordinals = new long[busy.length];
        long start = System.nanoTime() + 20_000_000;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int lane = freeLane();
            if (lane < 0) {
                skipped++;
                continue;
            }
            Cause cause = new Cause(lane, ordinals[lane]++, i >= warm, due);
            lanes.get(lane).add(cause);
            Http.Request request = source.cause(lane, cause.ordinal);
            inFlight.incrementAndGet();
            context.runOnContext(v -> Http.send(http, request, 10_000).onComplete(ar -> {
                cause.response = ar.result();
                if (!cause.unknown()) {
                    busy[lane].set(false); // an unknown outcome retires the lane: it stays busy for good
                }
                inFlight.decrementAndGet();
            }));
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private int freeLane() {
        for (int k = 0; k < busy.length; k++) {
            int lane = (nextLane + k) % busy.length;
            if (busy[lane].compareAndSet(false, true)) {
                nextLane = lane + 1;
                return lane;
            }
        }
        return -1;
    }

    List<Cause> lane(int lane) {
        synchronized (lanes.get(lane)) {
            return new ArrayList<>(lanes.get(lane));
        }
    }

    int lanes() {
        return busy.length;
    }

    int skipped() {
        return skipped;
    }

    /** Causes answered with 2xx, warm-up included: each made exactly one event. */
    int succeeded() {
        int n = 0;
        for (int l = 0; l < busy.length; l++) {
            for (Cause c : lane(l)) {
                n += c.ok() ? 1 : 0;
            }
        }
        return n;
    }

    /** Causes without an answer or with a 5xx (each retired its lane). */
    int unknown() {
        int n = 0;
        for (int l = 0; l < busy.length; l++) {
            for (Cause c : lane(l)) {
                n += c.unknown() ? 1 : 0;
            }
        }
        return n;
    }
}
