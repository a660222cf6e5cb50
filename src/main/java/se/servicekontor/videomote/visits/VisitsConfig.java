package se.servicekontor.videomote.visits;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the walk-in queue. */
@ConfigMapping(prefix = "videomote.visits")
public interface VisitsConfig {

    /**
     * How far ahead of its arrival a PRIORITY visit is placed in line. This also bounds starvation: a NORMAL visit
     * that has waited this long is never overtaken by a PRIORITY visit arriving after that.
     */
    @WithDefault("PT20M")
    Duration priorityLead();

    /** How long before its booked start a checked-in booked visit goes first to its booked officer. */
    @WithDefault("PT5M")
    Duration bookedEarly();

    /**
     * How long after its booked start a checked-in booked visit waits for its booked officer alone; after that any
     * eligible officer of the agency may call it.
     */
    @WithDefault("PT15M")
    Duration bookedHold();

    /**
     * The language meetings with an interpreter are held in: a visit that needs an interpreter for its language may
     * go to an officer who speaks this language, the interpreter joining the meeting.
     */
    @WithDefault("sv")
    String interpreterLanguage();

    /** How far back completed visits count as service times for estimated waits. */
    @WithDefault("P14D")
    Duration serviceTimeWindow();

    /** At most this many of the most recent completed visits of an office and agency count as service times. */
    @WithDefault("200")
    int serviceTimeSamples();

    /**
     * With fewer recent service times than this, estimated waits use the agency's stated service durations instead.
     */
    @WithDefault("5")
    int serviceTimeMinSamples();

    /**
     * How often rooms whose cleaning buffer has run out are made AVAILABLE again. Read by the scheduler as
     * {@code videomote.visits.cleaning-sweep-interval}; every instance may run the sweep, rows are claimed with
     * {@code SKIP LOCKED}.
     */
    @WithDefault("10s")
    Duration cleaningSweepInterval();

    /**
     * How often, at most, an agency's national waiting counts are published to its officers. The counts are state,
     * not history: changes within one interval go out as one {@code queue.summary}, recomputed from committed rows,
     * outside the transactions that changed them.
     */
    @WithDefault("250ms")
    Duration agencySummaryInterval();

    /** How many waiting visits per agency the queue lists when the caller gives no {@code limit}. */
    @WithDefault("100")
    int queueLimit();
}
