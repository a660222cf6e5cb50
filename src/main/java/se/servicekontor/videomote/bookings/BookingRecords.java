package se.servicekontor.videomote.bookings;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Request and response bodies of the bookings API, and the payload of its live events. */
public final class BookingRecords {

    static final String LANGUAGE_PATTERN = "^[a-z]{2,3}$";
    static final String LANGUAGE_MESSAGE = "must be an ISO 639 language code such as sv or en";

    private BookingRecords() {
    }

    /** Books a video meeting; the service picks the visitor room and the case officer. */
    public record BookingRequest(
            @NotBlank @Size(max = 64) String office,
            @NotBlank @Size(max = 64) String agency,
            @NotBlank @Size(max = 64) String service,
            @Schema(description = "A slot start from GET /api/v1/availability, RFC 3339 with offset")
            @NotNull OffsetDateTime start,
            @Schema(description = "The language the meeting is held in: the officer must speak it")
            @Pattern(regexp = LANGUAGE_PATTERN, message = LANGUAGE_MESSAGE) String language,
            @Schema(description = "The visitor needs an interpreter; recorded for the agency to arrange one. It does "
                    + "not change which officer is picked.")
            Boolean interpreter,
            @Schema(description = "The visitor needs an accessible room (alias: accessible). true: only an accessible "
                    + "room is assigned, 409 if none is free. false or absent: any room, other rooms first so that "
                    + "accessible rooms stay free for visitors who need them.")
            @JsonAlias("accessible") Boolean accessibleRoom,
            @NotNull @Valid VisitorRequest visitor) {
    }

    /** Who is coming. Only the name is required. */
    public record VisitorRequest(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 40) @Pattern(regexp = "^(|\\+?[0-9(][0-9 ()-]{3,38}[0-9])$",
                    message = "must be a phone number of digits, spaces and hyphens, optionally starting with +") String phone,
            @Email @Size(max = 254) String email,
            @Schema(description = "Personnummer or samordningsnummer: YYMMDD-NNNN, YYMMDD+NNNN or YYYYMMDD-NNNN. "
                    + "Validated (date, check digit); returned masked except by GET /api/v1/bookings/{id}.")
            @Size(max = 20) String personalNumber) {
    }

    /** Moves a booking to another slot of the same office and service. */
    public record RescheduleRequest(
            @Schema(description = "The new slot start, RFC 3339 with offset") @NotNull OffsetDateTime start) {
    }

    public record RoomRef(UUID id, String name) {
    }

    public record OfficerRef(UUID id, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VisitorView(String name, String phone, String email,
            @Schema(description = "Masked as YYYYMMDD-**** except by GET /api/v1/bookings/{id}") String personalNumber) {
    }

    /** A booking as the API shows it; instants carry the office's offset. */
    public record BookingView(UUID id, String reference, String office, String agency, String service,
            OffsetDateTime start, OffsetDateTime end, BookingStatus status, RoomRef room, OfficerRef officer,
            String language, boolean interpreter, boolean accessibleRoom, VisitorView visitor,
            OffsetDateTime createdAt, OffsetDateTime checkedInAt) {

        URI location() {
            return URI.create("/api/v1/bookings/" + id);
        }

        /** With {@code fullPersonalNumber} false the personal number is masked. */
        static BookingView from(Booking b, boolean fullPersonalNumber) {
            ZoneId zone = ZoneId.of(b.timeZone());
            return new BookingView(b.id(), b.reference(), b.officeId(), b.agency(), b.service(), at(b.start(), zone),
                    at(b.end(), zone), b.status(), new RoomRef(b.roomId(), b.roomName()),
                    new OfficerRef(b.officerId(), b.officerName()), b.language(), b.interpreter(), b.accessibleRoom(),
                    new VisitorView(b.visitorName(), b.visitorPhone(), b.visitorEmail(),
                            fullPersonalNumber ? b.personalNumber() : PersonalNumber.mask(b.personalNumber())),
                    at(b.createdAt(), zone), at(b.checkedInAt(), zone));
        }
    }

    /**
     * The answer to a check-in: the booking, now CHECKED_IN, and the visit created for it, with the visitor's ticket
     * and place in line (first for the booked officer at the booked time).
     */
    public record CheckInView(@com.fasterxml.jackson.annotation.JsonUnwrapped BookingView booking,
            se.servicekontor.videomote.visits.VisitRecords.VisitView visit) {
    }

    /** One free slot: the office is open, a room there is free and a suitable officer is on shift and free. */
    public record SlotView(String office, OffsetDateTime start, OffsetDateTime end) {
    }

    /**
     * Payload of the {@code booking.*} live events on the desk's and the officer's streams. The visitor's name is
     * there for the desk's day list; a personal number, phone or e-mail never is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BookingChanged(UUID bookingId, String reference, String officeId, String agency, String service,
            OffsetDateTime start, OffsetDateTime end, BookingStatus status, UUID roomId, String roomName,
            UUID officerId, String officerName, String visitorName, OffsetDateTime previousStart,
            UUID previousOfficerId) {

        static BookingChanged of(Booking b) {
            return moved(b, null, null);
        }

        static BookingChanged moved(Booking b, Instant previousStart, UUID previousOfficerId) {
            ZoneId zone = ZoneId.of(b.timeZone());
            return new BookingChanged(b.id(), b.reference(), b.officeId(), b.agency(), b.service(), at(b.start(), zone),
                    at(b.end(), zone), b.status(), b.roomId(), b.roomName(), b.officerId(), b.officerName(),
                    b.visitorName(), at(previousStart, zone), previousOfficerId);
        }
    }

    static OffsetDateTime at(Instant instant, ZoneId zone) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}
