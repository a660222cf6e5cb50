package se.servicekontor.videomote.bookings;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tunables of bookings and availability ({@code videomote.bookings.*}). */
@ConfigMapping(prefix = "videomote.bookings")
public interface BookingConfig {

    /**
     * How many times one booking request tries another room or officer when a concurrent booking took its pick,
     * before it answers 409. Each failed try means another booking overlapping the slot committed meanwhile.
     */
    @WithDefault("8")
    int maxAttempts();

    /** The longest date range, in days, that one availability request answers. */
    @WithDefault("31")
    int maxAvailabilityDays();

    /** How far ahead, in days, a meeting can be booked (and availability is offered). */
    @WithDefault("365")
    int horizonDays();

    /** How long before the booked start the desk may check the visitor in. */
    @WithDefault("PT30M")
    Duration checkInOpensBefore();

    /**
     * How long after the booked start a visitor who has not been checked in counts as not coming: check-in closes
     * then, and the no-show sweep marks the booking NO_SHOW, freeing its room and officer.
     */
    @WithDefault("PT15M")
    Duration noShowAfter();

    /** How often the no-show sweep runs (a Quarkus scheduler period such as {@code 1m}; {@code off} disables it). */
    @WithDefault("1m")
    String noShowSweepEvery();

    /** The most bookings one sweep marks NO_SHOW; the rest wait for the next run. */
    @WithDefault("500")
    int noShowSweepBatch();
}
