package se.servicekontor.videomote.statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import se.servicekontor.videomote.statistics.StatisticsRecords.Key;
import se.servicekontor.videomote.statistics.StatisticsRecords.Names;
import se.servicekontor.videomote.statistics.StatisticsRecords.ServiceMinutes;
import se.servicekontor.videomote.statistics.StatisticsRecords.StatisticsRow;
import se.servicekontor.videomote.statistics.StatisticsRecords.WaitMinutes;

/**
 * Merges rollup rows into the rows of one grouping: counters are summed, histograms added bin by bin, and p50/p90
 * read where the running count first reaches half and nine tenths of the total (percentile_disc over whole minutes).
 *
 * <p>
 * This is done here rather than in SQL because PostgreSQL has no aggregate that adds arrays element by element: in
 * SQL every bin of every rollup row becomes a row of its own (unnest), is grouped again by key and bin, and is ranked
 * with window functions. A national year by office and agency (2,520 year rows) spent about 300 ms per histogram
 * doing that; added here, the same rows take a few milliseconds (bench/statistics.sh). Memory grows with the number of
 * groups, not with the rollup rows read, which arrive through a cursor.
 */
final class StatisticsMerge {

    private final List<Dimension> dims;
    private final Map<Key, Group> groups = new HashMap<>();

    StatisticsMerge(List<Dimension> dims) {
        this.dims = List.copyOf(dims);
    }

    /** The sums of one group so far. */
    static final class Group {
        long visits;
        long walkIns;
        long booked;
        long served;
        long noShows;
        long cancelled;
        long transferred;
        long interpreter;
        Integer waitOverMax;
        int[] wait = new int[0];
        int[] service = new int[0];
    }

    /** The group of {@code key}, created empty on first use; the caller adds one rollup row to it. */
    Group group(Key key) {
        return groups.computeIfAbsent(key, k -> new Group());
    }

    /** Adds a rollup row's histogram to a group's, bin by bin; the result is as long as the longer one. */
    static int[] add(int[] into, Integer[] bins) {
        if (bins == null || bins.length == 0) {
            return into;
        }
        int[] sum = bins.length > into.length ? Arrays.copyOf(into, bins.length) : into;
        for (int i = 0; i < bins.length; i++) {
            Integer n = bins[i];
            if (n != null) {
                sum[i] += n;
            }
        }
        return sum;
    }

    /** p50, p90 and the highest non-empty bin of a histogram (bin m = m whole minutes), or nulls when it is empty. */
    static Integer[] percentiles(int[] bins) {
        long total = 0;
        int top = -1;
        for (int m = 0; m < bins.length; m++) {
            if (bins[m] != 0) {
                total += bins[m];
                top = m;
            }
        }
        if (top < 0 || total <= 0) {
            return new Integer[] {null, null, null};
        }
        Integer p50 = null;
        Integer p90 = null;
        long running = 0;
        for (int m = 0; m <= top && p90 == null; m++) {
            running += bins[m];
            if (p50 == null && 2 * running >= total) {
                p50 = m;
            }
            if (10 * running >= 9 * total) {
                p90 = m;
            }
        }
        return new Integer[] {p50, p90, top};
    }

    /**
     * The rows of the grouping in key order, without groups that had neither a visit nor a transfer; {@code names}
     * gives each key's display names.
     */
    List<StatisticsRow> rows(Function<Key, Names> names) {
        List<StatisticsRow> out = new ArrayList<>(groups.size());
        for (Map.Entry<Key, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            if (g.visits == 0 && g.transferred == 0) {
                continue;
            }
            Integer[] wait = percentiles(g.wait);
            Integer[] service = percentiles(g.service);
            // The last wait bin collects every wait at or beyond it; the longest of those is kept beside it.
            Integer max = wait[2] != null && wait[2] >= StatisticsQueries.WAIT_CAP && g.waitOverMax != null
                    ? g.waitOverMax : wait[2];
            out.add(new StatisticsRow(e.getKey(), g.visits, g.walkIns, g.booked, g.served, g.noShows, g.cancelled,
                    g.transferred, g.interpreter, new WaitMinutes(wait[0], wait[1], max),
                    new ServiceMinutes(service[0], service[1]), names.apply(e.getKey())));
        }
        out.sort(order(dims));
        return out;
    }

    /** Rows in the order of the dimensions asked for, each ascending. */
    static Comparator<StatisticsRow> order(List<Dimension> dims) {
        Comparator<StatisticsRow> c = (a, b) -> 0;
        for (Dimension d : dims) {
            c = c.thenComparing(r -> value(r.key(), d), Comparator.nullsLast(Comparator.naturalOrder()));
        }
        return c;
    }

    /** A key's value of one dimension; each dimension's values are of one comparable type. */
    @SuppressWarnings("unchecked")
    private static Comparable<Object> value(Key key, Dimension d) {
        Object v = switch (d) {
            case DAY -> key.day();
            case HOUR -> key.hour();
            case OFFICE -> key.office();
            case AGENCY -> key.agency();
            case SERVICE -> key.service();
        };
        return (Comparable<Object>) v;
    }

    List<Key> keys() {
        return List.copyOf(groups.keySet());
    }
}
