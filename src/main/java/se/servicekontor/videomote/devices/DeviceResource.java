package se.servicekontor.videomote.devices;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.devices.DeviceRecords.DeviceWithCode;
import se.servicekontor.videomote.devices.DeviceRecords.PairRequest;
import se.servicekontor.videomote.devices.DeviceRecords.Paired;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

/** Pairing a device with its code, a new code for a device, and revocation. */
@Path("/api/v1/devices")
@Tag(name = "Devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private final DeviceService devices;
    private final Access access;

    public DeviceResource(DeviceService devices, Access access) {
        this.devices = devices;
        this.access = access;
    }

    @POST
    @Path("/pair")
    @PermitAll
    @SecurityRequirements
    @Operation(summary = "Exchange a pairing code for the device's bearer token (anyone)",
            description = """
                    200 with `{deviceId, token}`: a bearer token with role `kiosk` (KIOSK, DISPLAY) or `room` (ROOM) \
                    and the device's office (and room), valid until the device is revoked or paired again. Spaces, \
                    hyphens and lower case in the code are accepted. Rate limited per client address on every \
                    instance together (429 with Retry-After); a malformed code answers 400, an unknown, used or \
                    expired one 404.""")
    @APIResponse(responseCode = "200", description = "Paired: the token is shown only in this answer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Paired.class)))
    @APIResponse(responseCode = "400", description = "Malformed pairing code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown, used or expired pairing code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many attempts from this client, or from everyone",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Paired> pair(@NotNull @Valid PairRequest request, @Context HttpServerRequest http) {
        return devices.pair(request.pairingCode(), clientAddress(http));
    }

    @POST
    @Path("/{deviceId}/pairing-code")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "A new pairing code for a device (admin, desk of its office)",
            description = """
                    For a replaced screen or a lost token: the device pairs again with this code. Its current token \
                    keeps working until the new code is used, then stops on every instance (open WebSockets that \
                    used it are closed with 4003). Any earlier outstanding code is void.""")
    @APIResponse(responseCode = "200", description = "The device with its new pairing code",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeviceWithCode.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Neither admin nor desk",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such device, or one of an office the caller may not see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The device is revoked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DeviceWithCode> newCode(@PathParam("deviceId") UUID deviceId) {
        return devices.newCode(deviceId, access.caller());
    }

    @DELETE
    @Path("/{deviceId}")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Revoke a device (admin, desk of its office)",
            description = """
                    From then on its token answers 401 on every instance, its open WebSockets are closed with 4003 \
                    within 2 s, and its pairing code (if any) is void. The device stays listed with `revokedAt`. \
                    Revoking a revoked device changes nothing and answers 204 again.""")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "401", description = "No valid bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Neither admin nor desk",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such device, or one of an office the caller may not see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> revoke(@PathParam("deviceId") UUID deviceId) {
        return devices.revoke(deviceId, access.caller()).map(v -> Response.noContent().build());
    }

    /**
     * The client's address as the HTTP layer sees it: behind a proxy, the forwarded address when
     * {@code quarkus.http.proxy.*} trusts that proxy (see docs/devices.md).
     */
    static String clientAddress(HttpServerRequest http) {
        var address = http.remoteAddress();
        String host = address == null ? null : address.hostAddress();
        if (host == null || host.isBlank()) {
            return "unknown";
        }
        return host.length() > 64 ? host.substring(0, 64) : host;
    }
}
