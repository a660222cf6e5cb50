package se.servicekontor.videomote.bookings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The one answer to "is this office open now?" for other features (walk-in tickets): the office's calendar as
 * availability reads it (opening hours, stops of a MOBILE office, closure days, and whatever else
 * {@link OfficeCalendar#periodsOn} closes a day for), asked at one instant.
 */
@ApplicationScoped
public class OfficeHours {

    /** Closed all day: a closure day, a weekday without opening hours, a MOBILE office without a stop. */
    public static final String CLOSED_DAY = "CLOSED_DAY";
    /** Open later today. */
    public static final String BEFORE_OPENING = "BEFORE_OPENING";
    /** Between two opening periods of the day (a lunch closure). */
    public static final String BETWEEN_PERIODS = "BETWEEN_PERIODS";
    /** Closed for the rest of the day. */
    public static final String AFTER_CLOSING = "AFTER_CLOSING";

    /**
     * Whether an office is open at an instant: when open, until when ({@code closes}, office-local); when closed, a
     * {@code reason} code, a plain {@code message} and, if it opens later that day, {@code opens}.
     */
    public record Opening(boolean open, String reason, String message, LocalTime opens, LocalTime closes) {

        static Opening open(LocalTime closes) {
            return new Opening(true, null, null, null, closes);
        }

        static Opening closed(String reason, String message, LocalTime opens) {
            return new Opening(false, reason, message, opens, null);
        }
    }

    private final BookingQueries queries;

    OfficeHours(BookingQueries queries) {
        this.queries = queries;
    }

    /** Whether {@code officeId} is open at {@code at}, read in the caller's transaction; null for an unknown office. */
    public Uni<Opening> at(SqlConnection c, String officeId, Instant at) {
        // A day either side: the office-local date of the instant is among them whatever the office's zone.
        LocalDate utcDay = at.atOffset(ZoneOffset.UTC).toLocalDate();
        return queries.calendar(c, officeId, utcDay.minusDays(1), utcDay.plusDays(1))
                .map(calendar -> calendar == null ? null : calendar.openingAt(at));
    }
}
