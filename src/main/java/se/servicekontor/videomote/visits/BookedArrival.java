package se.servicekontor.videomote.visits;

import java.time.Instant;
import java.util.UUID;

/**
 * A booked visitor checked in at the desk: what {@link VisitService#createForBooking} needs to put the visit in line,
 * first for its booked officer in its booked room once its time has come.
 *
 * @param officerId the booked officer, or null when the booking names none (then it waits like a walk-in)
 * @param roomId    the booked room, preferred when the visit is called; null for any free room of the office
 * @param language  null when no language was asked for
 */
public record BookedArrival(UUID bookingId, String officeId, String agency, String service, String language,
        boolean interpreter, UUID officerId, UUID roomId, Instant start, Instant end, String visitorName) {
}
