package se.servicekontor.videomote.statistics;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the statistics: how long a range one request may ask for, and the Prometheus metrics reader. */
@ConfigMapping(prefix = "videomote.statistics")
public interface StatisticsConfig {

    /** The longest range of days (from and to included) a statistics request may ask for without grouping by hour. */
    @WithDefault("731")
    int maxDays();

    /** The longest range of days a statistics request grouped by hour may ask for (hour rows are the most numerous). */
    @WithDefault("31")
    int maxHourDays();

    /** The longest range of days a utilization request may ask for. */
    @WithDefault("31")
    int maxUtilizationDays();

    /**
     * How often the waiting gauges are read from the queue counters and new visit transitions are counted into the
     * Prometheus histograms and counters. Read by the scheduler as {@code videomote.statistics.metrics-every};
     * {@code off} disables it.
     */
    @WithDefault("15s")
    String metricsEvery();

    /**
     * How long the metrics reader waits for a gap in the history ids to fill before it counts past it: a transaction
     * that took a lower id may still be committing (a rolled-back one leaves the gap for good).
     */
    @WithDefault("PT30S")
    Duration metricsLag();

    /** At most this many transitions are counted per run of the metrics reader. */
    @WithDefault("5000")
    int metricsBatch();
}
