package se.servicekontor.videomote.devices;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Requests and answers of the devices API. Codes and tokens appear only in the answers that hand them out. */
public final class DeviceRecords {

    private DeviceRecords() {
    }

    /** Registers a device of an office. */
    public record DeviceRequest(
            @NotNull @Schema(required = true) DeviceKind kind,
            @NotBlank @Size(max = 100) @Schema(required = true, example = "Kiosk by the entrance") String name,
            @Schema(description = "Required for a ROOM device: a room of the same office; absent for the others")
            UUID room) {
    }

    /** A registered device with its one-time pairing code: shown once, to whoever sets the device up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceWithCode(UUID id, DeviceKind kind, String name, String office, UUID room,
            @Schema(description = "Single use, valid until pairingExpiresAt; type it on the device",
                    example = PairingCodes.EXAMPLE) String pairingCode,
            OffsetDateTime pairingExpiresAt) {
    }

    /** A device as listed: never a code or a token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceView(UUID id, DeviceKind kind, String name, String office, UUID room,
            @Schema(description = "When the device last exchanged a pairing code for a token") OffsetDateTime pairedAt,
            @Schema(description = "Coarse: updated at most once a minute") OffsetDateTime lastSeenAt,
            OffsetDateTime revokedAt,
            @Schema(description = "Present while a pairing code is outstanding (the code itself is never shown again)")
            OffsetDateTime pairingExpiresAt) {
    }

    /** What a device sends to pair. */
    public record PairRequest(
            @NotBlank @Size(max = 40) @Schema(required = true, example = PairingCodes.EXAMPLE) String pairingCode) {
    }

    /** The device's bearer token: shown only in this answer, stored only as a hash. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Paired(UUID deviceId,
            @Schema(description = "Bearer token for Authorization: Bearer <token> (and the WebSocket subprotocol form)")
            String token,
            DeviceKind kind, String office, UUID room) {
    }
}
