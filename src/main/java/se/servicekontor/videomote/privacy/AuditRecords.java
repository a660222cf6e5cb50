package se.servicekontor.videomote.privacy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.privacy.Audit.Resource;

/** Response bodies of the access log and the register extract. */
public final class AuditRecords {

    private AuditRecords() {
    }

    /** One access to personal data. */
    public record AuditEntry(
            @Schema(description = "When, in UTC") OffsetDateTime at,
            @Schema(description = "Token subject of who accessed the data (never a name); system jobs as system:<job>")
            String actor,
            @Schema(description = "The actor's role: admin, desk, officer, kiosk, room or system") String role,
            Action action, Resource resource, UUID resourceId,
            @Schema(description = "The hash chain the entry belongs to: the office's id, '-' for register extracts")
            String office,
            @Schema(description = "Position in the chain, from 1") long seq,
            @Schema(description = "SHA-256 (hex) of the previous entry's hash and this entry") String hash) {
    }

    /** A chain that failed verification, and where. */
    public record BrokenChain(String office, Long seq, String reason) {
    }

    /** The result of checking every hash chain of the access log. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verification(
            @Schema(description = "True when every chain checked is intact") boolean valid,
            @Schema(description = "How many chains were checked") int chains,
            @Schema(description = "How many entries were checked") long entries,
            List<BrokenChain> broken) {
    }

    /** One booking held about the person of a register extract. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExtractBooking(UUID id, String reference, String office, String agency, String service,
            OffsetDateTime start, OffsetDateTime end, String status, String name, String phone, String email,
            String personalNumber, OffsetDateTime createdAt) {
    }

    /** One visit held about the person of a register extract. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExtractVisit(UUID id, String ticket, String office, String agency, String service, String status,
            String name, UUID bookingId, OffsetDateTime waitingSince, OffsetDateTime endedAt) {
    }

    /** A register extract: everything held about one person, found by the keyed hash of the personal number. */
    public record Extract(OffsetDateTime at, List<ExtractBooking> bookings, List<ExtractVisit> visits) {
    }
}
