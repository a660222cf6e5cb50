package se.servicekontor.videomote.bookings;

import static se.servicekontor.videomote.common.Text.blankToNull;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.bookings.PublicBookingRecords.PublicBookingRequest;
import se.servicekontor.videomote.bookings.PublicBookingRecords.PublicBookingView;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.security.Caller;

/**
 * Self-booking: a visitor books, reads, cancels and moves a meeting with its reference and manage code, by the same
 * rules (and the same transactions) as staff bookings. A wrong or missing code answers exactly like an unknown
 * reference.
 */
@ApplicationScoped
class PublicBookingService {

    /** Who made a self-booked booking ({@code created_by}); never the visitor. */
    static final Caller VISITOR = new Caller("public", Set.of(), null, null, null);

    private final BookingService bookings;
    private final BookingQueries queries;
    private final ManageCodes codes;
    private final Db db;

    PublicBookingService(BookingService bookings, BookingQueries queries, ManageCodes codes, Db db) {
        this.bookings = bookings;
        this.queries = queries;
        this.codes = codes;
        this.db = db;
    }

    /** Books; the answer carries the new manage code, which exists nowhere else in clear but the confirmation. */
    Uni<PublicBookingView> book(PublicBookingRequest request, Idempotency.Key key) {
        if (blankToNull(request.visitor().phone()) == null && blankToNull(request.visitor().email()) == null) {
            return Uni.createFrom().failure(ApiException.invalid("visitor",
                    "a phone number or an e-mail address is required, for the confirmation and reminders"));
        }
        String code = ManageCodes.generate();
        var self = new BookingService.SelfBooking(code, codes.hash(code),
                request.locale() == null ? "sv" : request.locale());
        return bookings.book(VISITOR, request.toBooking(), key, self).map(b -> PublicBookingView.from(b, code));
    }

    Uni<PublicBookingView> get(String reference, String code) {
        return verified(reference, code).chain(id -> db.withConnection(c -> queries.find(c, id)))
                .map(b -> PublicBookingView.from(b, null));
    }

    Uni<PublicBookingView> cancel(String reference, String code) {
        return verified(reference, code).chain(id -> bookings.cancel(VISITOR, id, b -> {
        })).map(b -> PublicBookingView.from(b, null));
    }

    Uni<PublicBookingView> reschedule(String reference, String code, java.time.Instant start) {
        return verified(reference, code).chain(id -> bookings.reschedule(VISITOR, id, start, b -> {
        })).map(b -> PublicBookingView.from(b, null));
    }

    /**
     * The booking's id when {@code code} is its manage code; otherwise 404, with the same body whether the reference
     * is unknown, malformed, staff-booked (no code) or the code is wrong or missing.
     */
    private Uni<UUID> verified(String typedReference, String code) {
        String reference = References.parse(typedReference).orElse(null);
        Uni<BookingQueries.ManageCode> stored = reference == null ? Uni.createFrom().nullItem()
                : db.withConnection(c -> queries.manageCode(c, reference));
        return stored.map(found -> {
            boolean ok = codes.matches(code, found == null ? null : found.hash());
            if (!ok || found == null) {
                throw ApiException.notFound("Booking", typedReference);
            }
            return found.id();
        });
    }
}
