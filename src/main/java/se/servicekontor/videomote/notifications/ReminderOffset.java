package se.servicekontor.videomote.notifications;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * How long before a meeting a reminder goes out: whole days on the office's wall clock ({@code P1D}: the day before at
 * the same local time, DST or not), or an exact duration ({@code PT2H}).
 */
record ReminderOffset(Period days, Duration exact) {

    static ReminderOffset parse(String text) {
        String t = text.strip().toUpperCase(java.util.Locale.ROOT);
        try {
            if (t.contains("T")) {
                Duration d = Duration.parse(t);
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("A reminder offset must be positive: " + text);
                }
                return new ReminderOffset(null, d);
            }
            Period p = Period.parse(t);
            if (p.isNegative() || p.isZero()) {
                throw new IllegalArgumentException("A reminder offset must be positive: " + text);
            }
            return new ReminderOffset(p, null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("videomote.notifications.reminders: not an ISO-8601 period: " + text, e);
        }
    }

    /** When the reminder of a meeting starting at {@code start} at an office in {@code zone} is due. */
    Instant before(Instant start, ZoneId zone) {
        // ZonedDateTime.minus(Period) keeps the local time and resolves a gap forwards, an overlap to the earlier offset.
        return days != null ? start.atZone(zone).minus(days).toInstant() : start.minus(exact);
    }
}
