package se.servicekontor.videomote.bench.harness;

import org.HdrHistogram.Histogram;

/** A latency distribution recorded in microseconds (HdrHistogram, 3 significant digits), reported in milliseconds. */
public final class Latency {

    private static final long MAX_MICROS = 10L * 60 * 1_000_000;

    private final Histogram histogram = new Histogram(MAX_MICROS, 3);

    public synchronized void recordNanos(long nanos) {
        recordMicros(Math.max(0, nanos / 1000));
    }

    public synchronized void recordMicros(long micros) {
        histogram.recordValue(Math.min(Math.max(0, micros), MAX_MICROS));
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The {@code percentile} (0–100) in milliseconds, NaN when nothing was recorded. */
    public synchronized double ms(double percentile) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public synchronized double maxMs() {
        return count() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }

    public synchronized double meanMs() {
        return count() == 0 ? Double.NaN : histogram.getMean() / 1000.0;
    }

    public double p50() {
        return ms(50);
    }

    public double p99() {
        return ms(99);
    }
}
