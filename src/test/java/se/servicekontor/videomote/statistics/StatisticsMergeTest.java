package se.servicekontor.videomote.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import se.servicekontor.videomote.statistics.StatisticsRecords.Key;
import se.servicekontor.videomote.statistics.StatisticsRecords.Names;
import se.servicekontor.videomote.statistics.StatisticsRecords.StatisticsRow;

/**
 * The merge of rollup histograms in Java against percentile_disc computed the textbook way: sort the minutes and take
 * the first whose cumulative share reaches the fraction. The database-backed agreement with {@code visit_transition}
 * is {@link StatisticsRollupProperties}; this pins the arithmetic, whatever the split into rollup rows.
 */
class StatisticsMergeTest {

    /** percentile_disc(f) over a sorted list: the value at 1-based position ceil(f * n). */
    private static int disc(List<Integer> sorted, int tenths) {
        int n = sorted.size();
        int position = (n * tenths + 9) / 10;
        return sorted.get(Math.max(position, 1) - 1);
    }

    @Property(tries = 300)
    void mergedHistogramsGiveTheSamePercentilesAsTheSortedMinutes(
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 300) Integer> minutes,
            @ForAll @IntRange(min = 1, max = 7) int parts) {
        // Split the minutes over `parts` rollup rows, each a histogram only as long as it needs to be.
        StatisticsMerge merge = new StatisticsMerge(List.of(Dimension.OFFICE));
        Key key = new Key(null, null, "office-1", null, null);
        for (int p = 0; p < parts; p++) {
            int top = -1;
            for (int i = p; i < minutes.size(); i += parts) {
                top = Math.max(top, minutes.get(i));
            }
            Integer[] bins = new Integer[top + 1];
            Arrays.fill(bins, 0);
            for (int i = p; i < minutes.size(); i += parts) {
                bins[minutes.get(i)]++;
            }
            StatisticsMerge.Group g = merge.group(key);
            g.wait = StatisticsMerge.add(g.wait, bins);
        }
        List<Integer> sorted = new ArrayList<>(minutes);
        sorted.sort(null);

        Integer[] p = StatisticsMerge.percentiles(merge.group(key).wait);

        assertThat(p[0]).isEqualTo(disc(sorted, 5));
        assertThat(p[1]).isEqualTo(disc(sorted, 9));
        assertThat(p[2]).isEqualTo(sorted.get(sorted.size() - 1));
    }

    @Example
    void anEmptyHistogramHasNoPercentiles() {
        assertThat(StatisticsMerge.percentiles(new int[0])).containsExactly(null, null, null);
        assertThat(StatisticsMerge.percentiles(new int[] {0, 0, 0})).containsExactly(null, null, null);
    }

    @Example
    void theLongestWaitBeyondTheLastBinIsReportedAsTheMaximum() {
        StatisticsMerge merge = new StatisticsMerge(List.of(Dimension.AGENCY));
        StatisticsMerge.Group g = merge.group(new Key(null, null, null, "agency-a", null));
        g.visits = 2;
        Integer[] bins = new Integer[StatisticsQueries.WAIT_CAP + 1];
        Arrays.fill(bins, 0);
        bins[3] = 1;
        bins[StatisticsQueries.WAIT_CAP] = 1;
        g.wait = StatisticsMerge.add(g.wait, bins);
        g.waitOverMax = 900;

        StatisticsRow row = merge.rows(k -> new Names(null, null, null)).get(0);

        assertThat(row.waitMinutes().p50()).isEqualTo(3);
        assertThat(row.waitMinutes().p90()).isEqualTo(StatisticsQueries.WAIT_CAP);
        assertThat(row.waitMinutes().max()).isEqualTo(900);
    }

    @Example
    void rowsComeInTheOrderOfTheDimensionsAskedAndGroupsWithoutVisitsOrTransfersAreLeftOut() {
        StatisticsMerge merge = new StatisticsMerge(List.of(Dimension.AGENCY, Dimension.DAY));
        LocalDate d1 = LocalDate.of(2026, 3, 1);
        LocalDate d2 = LocalDate.of(2026, 3, 2);
        merge.group(new Key(d2, null, null, "agency-a", null)).visits = 1;
        merge.group(new Key(d1, null, null, "agency-b", null)).visits = 1;
        merge.group(new Key(d1, null, null, "agency-a", null)).transferred = 1;
        merge.group(new Key(d2, null, null, "agency-b", null)); // nothing: a visit that moved away and back
        merge.group(new Key(d1, null, null, "agency-c", null)).visits = 0;

        List<Key> keys = merge.rows(k -> new Names(null, null, null)).stream().map(StatisticsRow::key).toList();

        assertThat(keys).containsExactly(new Key(d1, null, null, "agency-a", null),
                new Key(d2, null, null, "agency-a", null), new Key(d1, null, null, "agency-b", null));
    }
}
