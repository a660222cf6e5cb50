package se.servicekontor.videomote.visits;

import java.time.Instant;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Tx;

/**
 * Told, inside the visit's transaction, when a visit created by a booking's check-in ends, so that the booking ends
 * with it (and frees its room and officer) in the same commit. Implemented by the bookings; the visits do not know
 * bookings beyond their id.
 */
public interface BookedVisitListener {

    /** The visit of booking {@code bookingId} ended as {@code outcome} (COMPLETED, NO_SHOW or CANCELLED). */
    Uni<Void> ended(Tx tx, UUID bookingId, VisitStatus outcome, Instant at);
}
