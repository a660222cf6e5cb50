package se.servicekontor.videomote.agencies;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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

    public record OfficerView(UUID id, String agency, String name, List<String> languages, List<String> services,
            Presence presence) {

        URI location() {
            return URI.create("/api/v1/officers/" + id);
        }

        static OfficerView from(CaseOfficer o) {
            return new OfficerView(o.id, o.agencyCode, o.name, o.languages.stream().sorted().toList(),
                    o.services.stream().map(OfficerSkill::serviceCode).sorted().toList(), o.presence);
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
            return new ShiftView(s.id, s.start.atZone(SHIFT_ZONE).toOffsetDateTime(),
                    s.end.atZone(SHIFT_ZONE).toOffsetDateTime());
        }
    }

    /** Payload of the {@code officer.presence} live event. */
    public record PresenceChanged(UUID officerId, String agency, Presence presence) {
    }
}
