package se.servicekontor.videomote.bench.national;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each visit event reached the live clients, against when its cause was answered. A cause is registered when
 * the request that made the change got its 2xx answer (the change is committed then); a delivery is any live client
 * receiving that event ({@code type} and visit id) on its office's display or desk stream. A delivery may come before
 * the HTTP answer (the service pushes right after commit): it then counts as 0 ms.
 */
final class PushTracker {

    /** One event: its cause's answer time, the phase and time bucket it belongs to, and its deliveries. */
    static final class Pushed {
        long causeNanos;
        int phase = -1;
        int bucket;
        int expected;
        int delivered;
        long lastArrivalNanos;

        /**
         * The slowest client's delay in nanoseconds (0 when every client had it before the answer); only meaningful
         * when {@link #delivered} is positive.
         */
        long slowestNanos() {
            return Math.max(0, lastArrivalNanos - causeNanos);
        }
    }

    private final ConcurrentHashMap<String, Pushed> events = new ConcurrentHashMap<>();

    /** The change behind {@code type} of {@code visit} was answered at {@code nanos}; {@code expected} clients watch. */
    void caused(String type, String visit, long nanos, int phase, int bucket, int expected) {
        Pushed p = events.computeIfAbsent(type + ' ' + visit, k -> new Pushed());
        synchronized (p) {
            p.causeNanos = nanos;
            p.phase = phase;
            p.bucket = bucket;
            p.expected = expected;
        }
    }

    void delivered(String type, String visit, long nanos) {
        Pushed p = events.computeIfAbsent(type + ' ' + visit, k -> new Pushed());
        synchronized (p) {
            p.delivered++;
            p.lastArrivalNanos = Math.max(p.lastArrivalNanos, nanos);
        }
    }

    /** Every event whose cause was answered in {@code phase}. */
    List<Pushed> ofPhase(int phase) {
        List<Pushed> out = new ArrayList<>();
        for (Pushed p : events.values()) {
            synchronized (p) {
                if (p.phase == phase) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
