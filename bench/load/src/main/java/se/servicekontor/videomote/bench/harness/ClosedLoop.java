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

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * {@code concurrency} clients, each starting its next step as soon as the previous one is done: the load shape of
 * "32 concurrent clients creating bookings", comparable with pgbench at {@code -c 32} without {@code -R}. A step is one
 * request (a booking) or several in a row (issue + next + complete of the queue). Only steps started after the
 * warm-up and finished before the end count.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    /** One unit of work; completes with an outcome code (an HTTP status, or a scenario's own), never fails. */
    public interface Step {

        Future<Integer> run(long ordinal);
    }

    /** A step that also knows which of the concurrent clients runs it (0 to concurrency - 1), e.g. one officer each. */
    public interface ClientStep {

        Future<Integer> run(int client, long ordinal);
    }

    /**
     * Steps finished in the measured window, per second; latency of the successful ones (2xx); outcomes; and, when
     * the run was given a {@link Usage}, the CPU time each side spent in the measured window (else null).
     */
    public record Result(int concurrency, Duration measured, long finished, double perSecond, Latency latency,
            Map<Integer, Long> outcomes, Cpu cpu) {

        public long ok() {
            return outcomes.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum();
        }
    }

    /** CPU seconds spent between the start and the end of the measured window, per side, and the window's length. */
    public record Cpu(double seconds, double service, double serviceJit, double postgres, double load) {

        public static Cpu between(Usage.Sample a, Usage.Sample b) {
            return new Cpu((b.nanos() - a.nanos()) / 1e9, b.serviceCpu() - a.serviceCpu(),
                    b.serviceJitCpu() - a.serviceJitCpu(), b.postgresCpu() - a.postgresCpu(), b.loadCpu() - a.loadCpu());
        }

        /** Milliseconds of CPU per step finished in the window, for one side's seconds. */
        public double msPer(double sideSeconds, long steps) {
            return steps == 0 ? Double.NaN : sideSeconds * 1000 / steps;
        }

        /** How busy the machine's cores were with these three sides (1.0: every core all the time). */
        public double busy() {
            return (service + postgres + load) / seconds / Runtime.getRuntime().availableProcessors();
        }
    }

    /** Single requests: {@code next} builds the request with a global ordinal (0, 1, 2, ... across all clients). */
    public static Result requests(Vertx vertx, HttpClient http, int concurrency, Duration warmup, Duration duration,
            LongFunction<Http.Request> next) throws InterruptedException {
        return run(vertx, concurrency, warmup, duration,
                ordinal -> Http.send(http, next.apply(ordinal), 30_000).map(Http.Response::status));
    }

    public static Result run(Vertx vertx, int concurrency, Duration warmup, Duration duration, Step step)
            throws InterruptedException {
        return run(vertx, concurrency, warmup, duration, null, (client, ordinal) -> step.run(ordinal));
    }

    public static Result run(Vertx vertx, int concurrency, Duration warmup, Duration duration, Usage usage, Step step)
            throws InterruptedException {
        return run(vertx, concurrency, warmup, duration, usage, (client, ordinal) -> step.run(ordinal));
    }

    /**
     * Like {@link #run(Vertx, int, Duration, Duration, Step)}; client {@code c} runs its steps one after another. With a
     * {@code usage} (may be null), the calling thread samples it when the measured window opens and when it closes.
     */
    public static Result run(Vertx vertx, int concurrency, Duration warmup, Duration duration, Usage usage,
            ClientStep step) throws InterruptedException {
        long start = System.nanoTime();
        Window w = new Window(step, start + warmup.toNanos(), start + warmup.toNanos() + duration.toNanos(),
                concurrency);
        for (int c = 0; c < concurrency; c++) {
            int client = c;
            vertx.runOnContext(v -> w.loop(client));
        }
        Cpu cpu = null;
        if (usage != null) {
            sleepUntil(w.from);
            Usage.Sample opened = usage.sample();
            sleepUntil(w.end);
            cpu = Cpu.between(opened, usage.sample());
        }
        try {
            w.done.get(duration.plus(warmup).toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("closed loop did not finish", e);
        }
        Map<Integer, Long> outcomes = new TreeMap<>();
        w.outcomes.forEach((k, v) -> outcomes.put(k, v.sum()));
        return new Result(concurrency, duration, w.finished.get(), w.finished.get() / (duration.toNanos() / 1e9),
                w.latency, outcomes, cpu);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static final class Window {

        private final ClientStep step;
        private final long from;
        private final long end;
        private final AtomicLong ordinal = new AtomicLong();
        private final AtomicLong finished = new AtomicLong();
        private final Latency latency = new Latency();
        private final Map<Integer, LongAdder> outcomes = new ConcurrentHashMap<>();
        private final AtomicInteger running;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Window(ClientStep step, long from, long end, int concurrency) {
            this.step = step;
            this.from = from;
            this.end = end;
            this.running = new AtomicInteger(concurrency);
        }

        void loop(int client) {
            long started = System.nanoTime();
            if (started >= end) {
                if (running.decrementAndGet() == 0) {
                    done.complete(null);
                }
                return;
            }
            Future<Integer> outcome;
            try {
                outcome = step.run(client, ordinal.getAndIncrement());
            } catch (RuntimeException e) {
                outcome = Future.succeededFuture(0);
            }
            outcome.otherwise(0).onComplete(ar -> {
                long now = System.nanoTime();
                int code = ar.result();
                if (started >= from && now <= end) {
                    finished.incrementAndGet();
                    outcomes.computeIfAbsent(code, s -> new LongAdder()).increment();
                    if (code / 100 == 2) {
                        latency.recordNanos(now - started);
                    }
                }
                loop(client);
            });
        }
    }
}
