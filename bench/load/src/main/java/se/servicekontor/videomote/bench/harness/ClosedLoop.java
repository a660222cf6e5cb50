package se.servicekontor.videomote.bench.harness;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * {@code concurrency} clients, each sending its next request as soon as the previous one is answered: the load shape
 * of "32 concurrent clients creating bookings", comparable with pgbench at {@code -c 32} without {@code -R}. Only
 * requests sent after the warm-up and answered before the end count.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    /** Throughput of answered requests (any status) over the measured window, latency of the 2xx ones, statuses. */
    public record Result(int concurrency, Duration measured, long answered, double perSecond, Latency latency,
            Map<Integer, Long> statuses) {
    }

    /**
     * Runs the loop; {@code next} builds the request with the given global ordinal (0, 1, 2, ... across clients), so
     * that a scenario can make each request distinct (another slot, another office).
     */
    public static Result run(Vertx vertx, HttpClient http, int concurrency, Duration warmup, Duration duration,
            LongFunction<Http.Request> next) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        AtomicLong ordinal = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        Latency latency = new Latency();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger(concurrency);
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (int c = 0; c < concurrency; c++) {
            vertx.runOnContext(v -> loop(http, next, ordinal, measureFrom, end, answered, latency, statuses, running, done));
        }
        try {
            done.get(duration.plus(warmup).toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("closed loop did not finish", e);
        }
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
        return new Result(concurrency, duration, answered.get(), answered.get() / (duration.toNanos() / 1e9), latency,
                byStatus);
    }

    private static void loop(HttpClient http, LongFunction<Http.Request> next, AtomicLong ordinal, long measureFrom,
            long end, AtomicLong answered, Latency latency, Map<Integer, LongAdder> statuses, AtomicInteger running,
            CompletableFuture<Void> done) {
        if (System.nanoTime() >= end) {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        Http.send(http, next.apply(ordinal.getAndIncrement()), 30_000).onComplete(ar -> {
            Http.Response r = ar.result();
            if (r.sentNanos() >= measureFrom && r.doneNanos() <= end) {
                answered.incrementAndGet();
                statuses.computeIfAbsent(r.status(), s -> new LongAdder()).increment();
                if (r.ok()) {
                    latency.recordNanos(r.nanos());
                }
            }
            loop(http, next, ordinal, measureFrom, end, answered, latency, statuses, running, done);
        });
    }
}
