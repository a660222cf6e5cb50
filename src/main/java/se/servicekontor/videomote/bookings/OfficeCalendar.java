package se.servicekontor.videomote.bookings;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import se.servicekontor.videomote.bookings.SlotGrid.Period;
import se.servicekontor.videomote.bookings.SlotGrid.Slot;

/**
 * When one office is open: weekly opening hours for a FIXED office, stops for a MOBILE one, and closed on its
 * closure days either way.
 */
final class OfficeCalendar {

    private final String officeId;
    private final boolean mobile;
    private final ZoneId zone;
    private final Map<DayOfWeek, List<Period>> weekly = new EnumMap<>(DayOfWeek.class);
    private final Map<LocalDate, List<Period>> stops = new HashMap<>();
    private final Set<LocalDate> closures = new HashSet<>();

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

    /** The periods the office is open on {@code date}, in local time. */
    List<Period> periodsOn(LocalDate date) {
        if (closures.contains(date)) {
            return List.of();
        }
        return mobile ? stops.getOrDefault(date, List.of()) : weekly.getOrDefault(date.getDayOfWeek(), List.of());
    }

    /** The slot grid of {@code date} for a service of {@code duration}, before rooms and officers are considered. */
    List<Slot> slotsOn(LocalDate date, Duration duration) {
        return SlotGrid.slots(date, periodsOn(date), zone, duration);
    }
}
