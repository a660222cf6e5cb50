package se.servicekontor.videomote.visits;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import se.servicekontor.videomote.visits.VisitRecords.EstimatedWait;

/** The estimated-wait arithmetic, without a database. */
class QueueStatsTest {

    private static QueueStats stats(long samples, double p25, double p75, double fallback, long officers, long rooms) {
        return new QueueStats("a", 0, samples, samples == 0 ? null : p25, samples == 0 ? null : p75, fallback,
                officers, rooms, 0);
    }

    @Example
    void shouldSpreadTheLineOverTheMeetingsThatCanRunAtOnce() {
        // Two visitors ahead, quartiles 10 and 20 minutes, two officers on duty and five rooms: 10 to 30 minutes.
        assertThat(stats(50, 10, 20, 45, 2, 5).estimate(3, 5)).isEqualTo(new EstimatedWait(10, 30));
        // Rooms cap the meetings: forty officers but two rooms.
        assertThat(stats(50, 10, 20, 45, 40, 2).estimate(3, 5)).isEqualTo(new EstimatedWait(10, 30));
        // Nobody on duty still counts as one meeting at a time, not as an endless wait.
        assertThat(stats(50, 10, 20, 45, 0, 2).estimate(1, 5)).isEqualTo(new EstimatedWait(0, 20));
    }

    @Example
    void shouldFallBackToTheStatedServiceDurationsWithoutEnoughHistory() {
        assertThat(stats(4, 10, 20, 45, 1, 1).estimate(2, 5)).isEqualTo(new EstimatedWait(45, 90));
        assertThat(stats(0, 0, 0, 30, 3, 3).estimate(4, 5)).isEqualTo(new EstimatedWait(30, 40));
        assertThat(stats(5, 10, 20, 45, 1, 1).estimate(2, 5)).isEqualTo(new EstimatedWait(10, 40));
    }

    @Property
    void shouldGiveAnOrderedRangeThatGrowsWithThePlaceInLine(@ForAll @IntRange(min = 1, max = 5000) int position,
            @ForAll @LongRange(max = 300) long samples, @ForAll @DoubleRange(min = 0, max = 240) double p25,
            @ForAll @DoubleRange(min = 0, max = 240) double spread, @ForAll @DoubleRange(min = 5, max = 480) double fallback,
            @ForAll @LongRange(max = 500) long officers, @ForAll @LongRange(max = 50) long rooms) {
        QueueStats s = stats(samples, p25, p25 + spread, fallback, officers, rooms);
        EstimatedWait here = s.estimate(position, 5);
        EstimatedWait behind = s.estimate(position + 1, 5);
        assertThat(here.minMinutes()).isNotNegative().isLessThanOrEqualTo(here.maxMinutes());
        assertThat(here.maxMinutes()).isPositive();
        assertThat(behind.minMinutes()).isGreaterThanOrEqualTo(here.minMinutes());
        assertThat(behind.maxMinutes()).isGreaterThanOrEqualTo(here.maxMinutes());
        EstimatedWait moreServers = stats(samples, p25, p25 + spread, fallback, officers + 1, rooms + 1)
                .estimate(position, 5);
        assertThat(moreServers.maxMinutes()).isLessThanOrEqualTo(here.maxMinutes());
    }
}
