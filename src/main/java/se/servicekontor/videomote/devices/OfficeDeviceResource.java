package se.servicekontor.videomote.devices;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.devices.DeviceRecords.DeviceRequest;
import se.servicekontor.videomote.devices.DeviceRecords.DeviceView;
import se.servicekontor.videomote.devices.DeviceRecords.DeviceWithCode;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

/** The devices of one office: register one (with its pairing code) and list them. */
@Path("/api/v1/offices/{officeId}/devices")
@Tag(name = "Devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OfficeDeviceResource {

    private final DeviceService devices;
    private final Access access;

    public OfficeDeviceResource(DeviceService devices, Access access) {
        this.devices = devices;
        this.access = access;
    }

    @POST
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Register a kiosk, waiting-room display or room terminal (admin, desk of the office)",
            description = """
                    201 with the device and its one-time pairing code (valid 10 minutes, readable aloud): type the \
                    code on the device, which exchanges it at `POST /api/v1/devices/pair` for its own token. The code \
                    is shown only in this answer and stored only as a hash. `room` is required for a ROOM device and \
                    must be a room of this office. No `Idempotency-Key`: a replayed answer would have to keep the code.""")
    @APIResponse(responseCode = "201", description = "Registered; the pairing code is in the answer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeviceWithCode.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (kind, name, room)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Neither admin nor desk",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such office, or one the caller may not see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@PathParam("officeId") String officeId, @NotNull @Valid DeviceRequest request) {
        access.requireOffice(officeId);
        return devices.create(officeId, request).map(created -> Response
                .created(java.net.URI.create("/api/v1/offices/" + officeId + "/devices/" + created.id()))
                .entity(created).build());
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "The office's devices (admin, desk of the office)",
            description = "Paired, last seen (coarse) and revoked; never a pairing code or a token.")
    @APIResponse(responseCode = "200", description = "The devices, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DeviceView.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Neither admin nor desk",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such office, or one the caller may not see",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable; retry after Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<DeviceView>> list(@PathParam("officeId") String officeId) {
        access.requireOffice(officeId);
        return devices.list(officeId);
    }
}
