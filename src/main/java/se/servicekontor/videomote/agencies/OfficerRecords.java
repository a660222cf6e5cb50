package se.servicekontor.videomote.agencies;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request and response bodies of the case officers API. */
public final class OfficerRecords {

    /** Officers are not bound to an office; their shifts are shown in Swedish time. */
    static final ZoneId SHIFT_ZONE = ZoneId.of("Europe/Stockholm");

    private OfficerRecords() {
    }

    public record OfficerRequest(
            @NotBlank @Size(max = 64) String agency,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Size(min = 1, max = 20) List<@NotNull @Pattern(regexp = "^[a-z]{2,3}$",
                    message = "must be an ISO 639 language code such as sv or en") String> languages,
            @NotNull @Size(max = 100) List<@NotBlank String> services) {
    }

    /** Changes an officer; what is left out stays as it is. */
    public record OfficerPatch(
            @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Size(min = 1, max = 20) List<@NotNull @Pattern(regexp = "^[a-z]{2,3}$",
                    message = "must be an ISO 639 language code such as sv or en") String> languages,
            @Size(max = 100) List<@NotBlank String> services) {
    }

    public record OfficerView(UUID id, String agency, String name, List<String> languages, List<String> services,
            Presence presence,
            @Schema(description = "When the officer was retired; absent while in service")
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant retiredAt) {

        URI location() {
            return URI.create("/api/v1/officers/" + id);
        }

        static OfficerView from(CaseOfficer o) {
            return new OfficerView(o.id, o.agencyCode, o.name, o.languages.stream().sorted().toList(),
                    o.services.stream().map(OfficerSkill::serviceCode).sorted().toList(), o.presence, o.retiredAt);
        }
    }

    public record PresenceRequest(@NotNull Presence presence) {
    }

    public record PresenceView(UUID officerId, Presence presence) {
    }

    public record ShiftRequest(@NotNull OffsetDateTime start, @NotNull OffsetDateTime end) {
    }

    public record ShiftView(UUID id, OffsetDateTime start, OffsetDateTime end) {
        static ShiftView from(Shift s) {
            return of(s.id, s.start, s.end);
        }

        static ShiftView of(UUID id, Instant start, Instant end) {
            return new ShiftView(id, start.atZone(SHIFT_ZONE).toOffsetDateTime(), end.atZone(SHIFT_ZONE).toOffsetDateTime());
        }
    }

    /**
     * Generates the shifts of a weekly pattern for the local dates {@code from} to {@code to} (inclusive), all or
     * nothing. Times are wall-clock times in {@code timeZone} (default Europe/Stockholm, where officers' shifts are
     * shown): a time that does not exist when clocks go forward moves forward by the gap, a repeated one when they
     * go back is its first occurrence. Public holidays are skipped unless {@code skipHolidays} is false.
     */
    public record ShiftTemplateRequest(@NotNull LocalDate from, @NotNull LocalDate to, @Size(max = 64) String timeZone,
            Boolean skipHolidays, @NotNull @Size(min = 1, max = 21) List<@NotNull @Valid WeeklyShift> weekly) {
    }

    public record WeeklyShift(@NotNull DayOfWeek day, @NotNull LocalTime start, @NotNull LocalTime end) {
    }

    /** The shifts one template generated. */
    public record GeneratedShifts(int count, List<ShiftView> shifts) {
    }

    /** Payload of the {@code officer.presence} live event. */
    public record PresenceChanged(UUID officerId, String agency, Presence presence) {
    }
}
