package se.servicekontor.videomote.bookings;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import se.servicekontor.videomote.bookings.SlotGrid.Period;
import se.servicekontor.videomote.offices.SwedishHolidays;
import se.servicekontor.videomote.bookings.SlotGrid.Slot;

/**
 * When one office is open: weekly opening hours for a FIXED office, stops for a MOBILE one, and closed on its
 * closure days either way, and on Swedish public holidays ({@link SwedishHolidays}) unless the office opens on
 * holidays or on that one.
 */
final class OfficeCalendar {

    private final String officeId;
    private final boolean mobile;
    private final ZoneId zone;
    private final Map<DayOfWeek, List<Period>> weekly = new EnumMap<>(DayOfWeek.class);
    private final Map<LocalDate, List<Period>> stops = new HashMap<>();
    private final Set<LocalDate> closures = new HashSet<>();
    private final Set<LocalDate> holidayOpenings = new HashSet<>();
    private boolean closedOnHolidays = true;

    OfficeCalendar(String officeId, String kind, String timeZone) {
        this.officeId = officeId;
        this.mobile = "MOBILE".equals(kind);
        this.zone = ZoneId.of(timeZone);
    }

    String officeId() {
        return officeId;
    }

    ZoneId zone() {
        return zone;
    }

    OfficeCalendar openingHours(DayOfWeek day, Period period) {
        weekly.computeIfAbsent(day, d -> new ArrayList<>()).add(period);
        return this;
    }

    OfficeCalendar stop(LocalDate date, Period period) {
        stops.computeIfAbsent(date, d -> new ArrayList<>()).add(period);
        return this;
    }

    OfficeCalendar closure(LocalDate date) {
        closures.add(date);
        return this;
    }

    /** Whether the office closes on public holidays (the default). */
    OfficeCalendar closedOnHolidays(boolean closed) {
        this.closedOnHolidays = closed;
        return this;
    }

    /** A public holiday on which this office opens nevertheless. */
    OfficeCalendar holidayOpening(LocalDate date) {
        holidayOpenings.add(date);
        return this;
    }

    /** Why the office is closed all of {@code date} whatever its hours: a closure or a holiday; null otherwise. */
    String closedBecause(LocalDate date) {
        if (closures.contains(date)) {
            return "The office is closed on " + date + ".";
        }
        if (closedOnHolidays && !holidayOpenings.contains(date)) {
            return SwedishHolidays.name(date).map(name -> "The office is closed on " + date + " (" + name + ").")
                    .orElse(null);
        }
        return null;
    }

    /** The periods the office is open on {@code date}, in local time. */
    List<Period> periodsOn(LocalDate date) {
        if (closedBecause(date) != null) {
            return List.of();
        }
        return mobile ? stops.getOrDefault(date, List.of()) : weekly.getOrDefault(date.getDayOfWeek(), List.of());
    }

    /**
     * Whether the office is open at {@code at}, and if not, why and when it opens again today. Reads the day through
     * {@link #periodsOn}, so whatever closes a day there (closures, holidays) closes it here too.
     */
    OfficeHours.Opening openingAt(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalDate date = local.toLocalDate();
        List<Period> periods = periodsOn(date).stream().sorted(Comparator.comparing(Period::opens)).toList();
        if (periods.isEmpty()) {
            String why = closures.contains(date) ? "is closed today (a closure day)"
                    : mobile ? "has no stop today" : "is not open on " + date.getDayOfWeek().getDisplayName(
                            TextStyle.FULL, Locale.ENGLISH) + "s";
            return OfficeHours.Opening.closed(OfficeHours.CLOSED_DAY, "The office " + why + ".", null);
        }
        LocalTime lastClose = null;
        for (Period p : periods) {
            Instant opens = ZonedDateTime.of(date, p.opens(), zone).toInstant();
            Instant closes = ZonedDateTime.of(date, p.closes(), zone).toInstant();
            if (at.isBefore(opens)) {
                return OfficeHours.Opening.closed(lastClose == null ? OfficeHours.BEFORE_OPENING
                        : OfficeHours.BETWEEN_PERIODS, "The office opens at " + p.opens() + " today.", p.opens());
            }
            if (at.isBefore(closes)) {
                return OfficeHours.Opening.open(p.closes());
            }
            lastClose = p.closes();
        }
        return OfficeHours.Opening.closed(OfficeHours.AFTER_CLOSING,
                "The office closed at " + lastClose + " today.", null);
    }

    /** The slot grid of {@code date} for a service of {@code duration}, before rooms and officers are considered. */
    List<Slot> slotsOn(LocalDate date, Duration duration) {
        return SlotGrid.slots(date, periodsOn(date), zone, duration);
    }
}
