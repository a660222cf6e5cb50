package se.servicekontor.videomote.offices;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import se.servicekontor.videomote.bookings.BookingService;
import se.servicekontor.videomote.bookings.BookingStatus;

import se.servicekontor.videomote.common.Slugs;

/** Request and response bodies of the offices API. */
public final class OfficeRecords {

    public static final String DEFAULT_TIME_ZONE = "Europe/Stockholm";

    private OfficeRecords() {
    }

    /** Creates or replaces an office. */
    public record OfficeRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String id,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 100) String municipality,
            @NotNull OfficeKind kind,
            @Size(max = 64) String timeZone,
            @NotNull @Size(max = 28) List<@NotNull @Valid OpeningPeriodRequest> openingHours,
            @NotNull @Size(max = 20) List<@NotBlank String> agencies,
            Boolean vulnerableArea,
            @Min(0) @Max(60) Integer cleaningBufferMinutes,
            @Schema(description = "Closed on Swedish public holidays and the eves the State does not work "
                    + "(default true); see /holidays for the days and /holiday-openings for exceptions")
            Boolean closedOnHolidays) {

        String zoneOrDefault() {
            return timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone;
        }
    }

    public record OpeningPeriodRequest(@NotNull DayOfWeek day, @NotNull LocalTime opens, @NotNull LocalTime closes) {
    }

    public record OfficeView(String id, String name, String municipality, OfficeKind kind, String timeZone,
            List<OpeningPeriodView> openingHours, List<String> agencies, boolean vulnerableArea,
            int cleaningBufferMinutes, boolean closedOnHolidays,
            @Schema(description = "When the office was retired; absent while it is in use") Instant retiredAt) {

        URI location() {
            return URI.create("/api/v1/offices/" + id);
        }

        static OfficeView from(Office o) {
            return new OfficeView(o.id, o.name, o.municipality, o.kind, o.timeZone,
                    o.openingHours.stream()
                            .sorted(Comparator.comparing(OpeningPeriod::day).thenComparing(OpeningPeriod::opens))
                            .map(OpeningPeriodView::from).toList(),
                    o.agencies.stream().sorted().toList(), o.vulnerableArea, o.cleaningBufferMinutes,
                    o.closedOnHolidays, o.retiredAt);
        }
    }

    public record OpeningPeriodView(DayOfWeek day, @JsonFormat(pattern = "HH:mm") LocalTime opens,
            @JsonFormat(pattern = "HH:mm") LocalTime closes) {
        static OpeningPeriodView from(OpeningPeriod p) {
            return new OpeningPeriodView(p.day(), p.opens(), p.closes());
        }
    }

    public record ClosureRequest(@NotNull LocalDate date, @NotBlank @Size(max = 500) String reason,
            @Schema(description = "Cancel the day's BOOKED bookings in the same transaction (default false: they are "
                    + "only listed)") Boolean cancelBookings) {
    }

    /** A closed day; when just created, with the bookings of that day as they are afterwards. */
    public record ClosureView(LocalDate date, String reason,
            @Schema(description = "Only in the answer to a new closure: the day's active bookings (CANCELLED when "
                    + "cancelBookings was asked; CHECKED_IN ones are never cancelled)")
            @JsonInclude(JsonInclude.Include.NON_NULL) List<AffectedBooking> affectedBookings) {
        static ClosureView from(Closure c) {
            return new ClosureView(c.date, c.reason, null);
        }
    }

    /** A booking a closure or a retirement concerns, as staff see it: no visitor. */
    public record AffectedBooking(UUID id, String reference, OffsetDateTime start, BookingStatus status) {
        static AffectedBooking from(BookingService.HeldBy h) {
            return new AffectedBooking(h.id(), h.reference(), h.start(), h.status());
        }
    }

    public record HolidayView(LocalDate date, String name,
            @Schema(description = "Whether the office is closed that day") boolean closed,
            @Schema(description = "Why it is open nevertheless, when it opens on this holiday")
            @JsonInclude(JsonInclude.Include.NON_NULL) String openingReason) {
    }

    public record HolidayOpeningRequest(@NotNull LocalDate date, @NotBlank @Size(max = 500) String reason) {
    }

    public record HolidayOpeningView(LocalDate date, String name, String reason) {
    }

    public record StopRequest(@NotNull LocalDate date, @NotBlank @Size(max = 200) String place, @NotNull LocalTime opens,
            @NotNull LocalTime closes) {
    }

    public record StopView(UUID id, LocalDate date, String place, @JsonFormat(pattern = "HH:mm") LocalTime opens,
            @JsonFormat(pattern = "HH:mm") LocalTime closes) {
        static StopView from(Stop s) {
            return new StopView(s.id, s.date, s.place, s.opens, s.closes);
        }
    }

    public record RoomRequest(@NotBlank @Size(max = 100) String name, Boolean accessible,
            @Min(1) @Max(50) Integer capacity) {
    }

    /** Changes a room; what is left out stays as it is. */
    public record RoomPatch(@Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            Boolean accessible, @Min(1) @Max(50) Integer capacity) {
    }

    public record RoomView(UUID id, String name, RoomStatus status, boolean accessible, int capacity,
            @Schema(description = "When the room was retired; absent while it is in use")
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant retiredAt) {
        RoomView(UUID id, String name, RoomStatus status, boolean accessible, int capacity) {
            this(id, name, status, accessible, capacity, null);
        }

        static RoomView from(Room r) {
            return new RoomView(r.id, r.name, r.status, r.accessible, r.capacity, r.retiredAt);
        }
    }

    public record RoomStatusRequest(@NotNull RoomStatus status) {
    }
}
