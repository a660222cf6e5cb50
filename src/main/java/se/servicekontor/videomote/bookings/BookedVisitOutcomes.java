package se.servicekontor.videomote.bookings;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Tx;
import se.servicekontor.videomote.visits.BookedVisitListener;
import se.servicekontor.videomote.visits.VisitStatus;

/** Ends a checked-in booking when its visit ends, in the visit's transaction. */
@ApplicationScoped
class BookedVisitOutcomes implements BookedVisitListener {

    private final BookingService bookings;

    BookedVisitOutcomes(BookingService bookings) {
        this.bookings = bookings;
    }

    @Override
    public Uni<Void> ended(Tx tx, UUID bookingId, VisitStatus outcome, Instant at) {
        BookingStatus status = switch (outcome) {
            case COMPLETED -> BookingStatus.COMPLETED;
            case NO_SHOW -> BookingStatus.NO_SHOW;
            case CANCELLED -> BookingStatus.CANCELLED;
            default -> throw new IllegalArgumentException("A visit does not end as " + outcome);
        };
        return bookings.visitEnded(tx, bookingId, status, at);
    }
}
