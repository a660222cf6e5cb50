package se.servicekontor.videomote.bookings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import se.servicekontor.videomote.bookings.BookingRecords.BookingChanged;
import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.live.Streams;

/**
 * The live events of bookings: on the office's desk stream and on the booked officer's stream, never on a display
 * stream (waiting-room screens must not show names).
 */
final class BookingEvents {

    static final String CREATED = "booking.created";
    static final String CANCELLED = "booking.cancelled";
    static final String CHECKED_IN = "booking.checked-in";
    static final String RESCHEDULED = "booking.rescheduled";
    static final String NO_SHOW = "booking.no-show";
    static final String COMPLETED = "booking.completed";

    private BookingEvents() {
    }

    static List<Event> of(String type, Booking b) {
        BookingChanged data = BookingChanged.of(b);
        return List.of(new Event(Streams.desk(b.officeId()), type, data),
                new Event(Streams.officer(b.officerId()), type, data));
    }

    /** A moved booking; an officer who lost it hears about it too. */
    static List<Event> rescheduled(Booking b, Instant previousStart, UUID previousOfficer) {
        BookingChanged data = BookingChanged.moved(b, previousStart, previousOfficer);
        List<Event> events = new ArrayList<>(3);
        events.add(new Event(Streams.desk(b.officeId()), RESCHEDULED, data));
        events.add(new Event(Streams.officer(b.officerId()), RESCHEDULED, data));
        if (!previousOfficer.equals(b.officerId())) {
            events.add(new Event(Streams.officer(previousOfficer), RESCHEDULED, data));
        }
        return events;
    }
}
