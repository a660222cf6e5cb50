package se.servicekontor.videomote.bookings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time ranges of one resource (an officer's shifts, a room's bookings), merged where they overlap or touch, with
 * logarithmic "is [start, end) covered" and "does anything overlap [start, end)" questions.
 */
final class Timeline {

    static final Timeline EMPTY = new Timeline(new long[0], new long[0]);

    private final long[] starts;
    private final long[] ends;

    private Timeline(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** Collects ranges in any order. */
    static final class Builder {
        private final List<long[]> ranges = new ArrayList<>();

        Builder add(Instant start, Instant end) {
            if (end.isAfter(start)) {
                ranges.add(new long[] { start.getEpochSecond(), end.getEpochSecond() });
            }
            return this;
        }

        Timeline build() {
            if (ranges.isEmpty()) {
                return EMPTY;
            }
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] s = new long[ranges.size()];
            long[] e = new long[ranges.size()];
            int n = 0;
            for (long[] r : ranges) {
                if (n > 0 && r[0] <= e[n - 1]) {
                    e[n - 1] = Math.max(e[n - 1], r[1]);
                } else {
                    s[n] = r[0];
                    e[n] = r[1];
                    n++;
                }
            }
            return new Timeline(Arrays.copyOf(s, n), Arrays.copyOf(e, n));
        }
    }

    /** True when one range of this timeline contains all of [start, end). */
    boolean covers(Instant start, Instant end) {
        int i = lastStartingAtOrBefore(start.getEpochSecond());
        return i >= 0 && ends[i] >= end.getEpochSecond();
    }

    /** True when some range of this timeline overlaps [start, end). */
    boolean overlaps(Instant start, Instant end) {
        int i = lastStartingAtOrBefore(end.getEpochSecond() - 1);
        return i >= 0 && ends[i] > start.getEpochSecond();
    }

    private int lastStartingAtOrBefore(long t) {
        int i = Arrays.binarySearch(starts, t);
        return i >= 0 ? i : -i - 2;
    }
}
