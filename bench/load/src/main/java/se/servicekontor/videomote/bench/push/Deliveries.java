package se.servicekontor.videomote.bench.push;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import se.servicekontor.videomote.bench.harness.WsFleet;

/**
 * What the clients of one phase received: for every event (by {@code seq}) how many clients got it and when the first
 * and the last of them did, plus each client's snapshot and order checks. Receive times are {@link System#nanoTime()}
 * taken first thing in the client's message handler, on the same clock as the causes' send times.
 *
 * <p>Only the first client to receive an event parses it (to learn its lane and the server's {@code at} stamp);
 * every other client reads just its {@code seq}, so the load generator spends little per message.
 */
final class Deliveries implements WsFleet.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as received by all clients. */
    static final class Arrival {

        final long seq;
        final int lane;
        /** The server's {@code at} stamp in epoch microseconds, or -1. */
        final long stampMicros;
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

        Arrival(long seq, int lane, long stampMicros) {
            this.seq = seq;
            this.lane = lane;
            this.stampMicros = stampMicros;
        }
    }

    private final EventSource source;
    private final long[] lastSeq;
    private final Map<Long, Arrival> arrivals = new ConcurrentHashMap<>();
    private final Map<Long, LongAdder> snapshotSeqs = new ConcurrentHashMap<>();
    private final AtomicInteger snapshots = new AtomicInteger();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final AtomicInteger closed = new AtomicInteger();
    private final Map<String, Integer> closeCodes = new TreeMap<>();
    private final List<String> firstCloses = new ArrayList<>();
    private final long wallMicrosAtStart;
    private final long nanosAtStart;

    Deliveries(EventSource source, int clients) {
        this.source = source;
        this.lastSeq = new long[clients];
        java.util.Arrays.fill(lastSeq, -1);
        Instant now = Instant.now();
        this.nanosAtStart = System.nanoTime();
        this.wallMicrosAtStart = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    @Override
    public void message(int client, String text, long receivedNanos) {
        long seq = seqOf(text);
        if (seq < 0) {
            malformed.increment();
            return;
        }
        long previous = lastSeq[client];
        lastSeq[client] = seq;
        if (previous < 0) {
            // The first message is the snapshot and carries the stream's current seq.
            snapshotSeqs.computeIfAbsent(seq, s -> new LongAdder()).increment();
            snapshots.incrementAndGet();
            return;
        }
        if (seq != previous + 1) {
            (seq <= previous ? duplicates : gaps).increment();
        }
        Arrival a = arrivals.get(seq);
        if (a == null) {
            a = arrivals.computeIfAbsent(seq, s -> parse(s, text));
        }
        a.count.incrementAndGet();
        a.first.accumulateAndGet(receivedNanos, Math::min);
        a.last.accumulateAndGet(receivedNanos, Math::max);
    }

    @Override
    public void closed(int client, Short code, String reason) {
        closed.incrementAndGet();
        synchronized (closeCodes) {
            closeCodes.merge(code + (reason == null || reason.isEmpty() ? "" : " " + reason), 1, Integer::sum);
            if (firstCloses.size() < 5) {
                firstCloses.add(String.format(java.util.Locale.ROOT, "client %d at %.1f s, last seq %d", client,
                        (System.nanoTime() - nanosAtStart) / 1e9, lastSeq[client]));
            }
        }
    }

    private Arrival parse(long seq, String text) {
        try {
            JsonNode message = JSON.readTree(text);
            long stamp = -1;
            String at = message.path("at").asText("");
            if (!at.isEmpty()) {
                Instant i = OffsetDateTime.parse(at).toInstant();
                stamp = i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
            }
            return new Arrival(seq, source.lane(message), stamp);
        } catch (IOException | RuntimeException e) {
            malformed.increment();
            return new Arrival(seq, -1, -1);
        }
    }

    /** The value of the envelope's {@code "seq":} without parsing the rest; -1 if absent. */
    static long seqOf(String text) {
        int i = text.indexOf("\"seq\":");
        if (i < 0) {
            return -1;
        }
        i += 6;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        long v = 0;
        int start = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            v = v * 10 + (text.charAt(i++) - '0');
        }
        return i == start ? -1 : v;
    }

    /** Receive time on the wall clock (epoch µs), for comparison with the server's {@code at} stamp. */
    long wallMicros(long nanos) {
        return wallMicrosAtStart + (nanos - nanosAtStart) / 1000;
    }

    int snapshots() {
        return snapshots.get();
    }

    /** The seq every client's snapshot carried, or -1 if they differ (events raced with the connects). */
    long commonSnapshotSeq() {
        return snapshotSeqs.size() == 1 ? snapshotSeqs.keySet().iterator().next() : -1;
    }

    long gaps() {
        return gaps.sum();
    }

    long duplicates() {
        return duplicates.sum();
    }

    long malformed() {
        return malformed.sum();
    }

    int closed() {
        return closed.get();
    }

    /** Close codes (and reasons) of clients closed before the phase ended, with when the first few closed. */
    String closes() {
        synchronized (closeCodes) {
            return closeCodes + " " + firstCloses;
        }
    }

    /** Events of this source (lane ≥ 0) received by at least {@code clients} clients. */
    int completeEvents(int clients) {
        int n = 0;
        for (Arrival a : arrivals.values()) {
            if (a.lane >= 0 && a.count.get() >= clients) {
                n++;
            }
        }
        return n;
    }

    /** Events received that are not this source's (other types on the stream). */
    int otherEvents() {
        return (int) arrivals.values().stream().filter(a -> a.lane < 0).count();
    }

    /** This source's events of {@code lane}, in seq order. */
    List<Arrival> lane(int lane) {
        List<Arrival> out = new ArrayList<>();
        for (Arrival a : arrivals.values()) {
            if (a.lane == lane) {
                out.add(a);
            }
        }
        out.sort(Comparator.comparingLong(a -> a.seq));
        return out;
    }
}
