package se.servicekontor.videomote.bookings;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Bodies of the public self-booking API: what a visitor sends and sees, never an officer or a personal number. */
public final class PublicBookingRecords {

    private PublicBookingRecords() {
    }

    /** A visitor books a video meeting for themselves. */
    public record PublicBookingRequest(
            @NotBlank @Size(max = 64) String office,
            @NotBlank @Size(max = 64) String agency,
            @NotBlank @Size(max = 64) String service,
            @Schema(description = "A slot start from GET /api/v1/public/availability, RFC 3339 with offset")
            @NotNull OffsetDateTime start,
            @Schema(description = "The language the meeting is held in: the officer must speak it")
            @Pattern(regexp = BookingRecords.LANGUAGE_PATTERN, message = BookingRecords.LANGUAGE_MESSAGE) String language,
            @Schema(description = "The visitor needs an interpreter") Boolean interpreter,
            @Schema(description = "The visitor needs an accessible room") Boolean accessibleRoom,
            @NotNull @Valid PublicVisitor visitor,
            @Schema(description = "Language of the e-mails and text messages: sv (default) or en")
            @Pattern(regexp = "^(sv|en)$", message = "must be sv or en") String locale) {

        BookingRecords.BookingRequest toBooking() {
            return new BookingRecords.BookingRequest(office, agency, service, start, language, interpreter,
                    accessibleRoom, new BookingRecords.VisitorRequest(visitor.name(), visitor.phone(), visitor.email(),
                            null));
        }
    }

    /** Who is coming, and how to reach them: a phone number or an e-mail address is required. */
    public record PublicVisitor(
            @NotBlank @Size(max = 200) String name,
            @Schema(description = "For text messages: confirmation, reminders and changes")
            @Size(max = 40) @Pattern(regexp = "^(|\\+?[0-9(][0-9 ()-]{3,38}[0-9])$",
                    message = "must be a phone number of digits, spaces and hyphens, optionally starting with +") String phone,
            @Schema(description = "For e-mails with a calendar invitation") @Email @Size(max = 254) String email,
            @Schema(hidden = true)
            @Null(message = "is not accepted here: a personal identity number is never asked for when booking online")
            String personalNumber) {
    }

    /** A new time for a self-booked meeting. */
    public record PublicRescheduleRequest(
            @Schema(description = "The new slot start, RFC 3339 with offset") @NotNull OffsetDateTime start) {
    }

    /**
     * A booking as its visitor sees it. {@code manageCode} is only in the answer that created the booking: it is
     * stored only as a hash, and also sent in the confirmation.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicBookingView(String reference, String office, String agency, String service,
            OffsetDateTime start, OffsetDateTime end, BookingStatus status,
            @Schema(description = "Only when the booking is created: with the reference, it lets the visitor read, "
                    + "cancel and reschedule (header X-Manage-Code). Keep it: it cannot be shown again.")
            String manageCode) {

        URI location() {
            return URI.create("/api/v1/public/bookings/" + reference);
        }

        static PublicBookingView from(Booking b, String manageCode) {
            ZoneId zone = ZoneId.of(b.timeZone());
            return new PublicBookingView(b.reference(), b.officeId(), b.agency(), b.service(),
                    BookingRecords.at(b.start(), zone), BookingRecords.at(b.end(), zone), b.status(), manageCode);
        }
    }
}
