package se.servicekontor.videomote.bookings;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The slots of one office day: starts on a grid of the service's duration from each opening time, on the office's
 * wall clock. On daylight-saving days a grid time that does not exist (spring) is skipped, one that exists twice
 * (autumn) is used once, at its first occurrence, and a slot always lasts the service's real duration and ends by
 * the real closing instant.
 */
final class SlotGrid {

    /** One period an office is open on a day, in local time. */
    record Period(LocalTime opens, LocalTime closes) {
    }

    /** A bookable time range. */
    record Slot(Instant start, Instant end) {
    }

    private SlotGrid() {
    }

    static List<Slot> slots(LocalDate date, List<Period> periods, ZoneId zone, Duration duration) {
        ZoneRules rules = zone.getRules();
        long step = duration.toMinutes();
        List<Slot> slots = new ArrayList<>();
        List<Period> sorted = periods.stream().sorted(Comparator.comparing(Period::opens)).toList();
        for (Period period : sorted) {
            Instant closing = closingInstant(rules, date.atTime(period.closes()));
            int opens = period.opens().toSecondOfDay() / 60;
            int closes = period.closes().toSecondOfDay() / 60;
            for (long minute = opens; minute + step <= closes; minute += step) {
                LocalDateTime local = date.atTime(LocalTime.ofSecondOfDay(minute * 60));
                List<ZoneOffset> offsets = rules.getValidOffsets(local);
                if (offsets.isEmpty()) {
                    continue; // the clocks jump over this time
                }
                Instant start = local.toInstant(offsets.get(0));
                Instant end = start.plus(duration);
                if (!end.isAfter(closing)) {
                    slots.add(new Slot(start, end));
                }
            }
        }
        return slots;
    }

    /** When the office really closes: at the later occurrence of a repeated time, at the jump for a skipped one. */
    private static Instant closingInstant(ZoneRules rules, LocalDateTime closes) {
        List<ZoneOffset> offsets = rules.getValidOffsets(closes);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(closes);
            return gap.getInstant();
        }
        return closes.toInstant(offsets.get(offsets.size() - 1));
    }
}
