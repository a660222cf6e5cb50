package se.servicekontor.videomote.offices;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.offices.OfficeRecords.RoomRequest;
import se.servicekontor.videomote.offices.OfficeRecords.RoomStatusRequest;
import se.servicekontor.videomote.offices.OfficeRecords.RoomView;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

@Path("/api/v1/offices/{officeId}/rooms")
@Tag(name = "Reference data")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoomResource {

    private final OfficeService offices;
    private final Idempotency idempotency;
    private final Access access;

    public RoomResource(OfficeService offices, Idempotency idempotency, Access access) {
        this.offices = offices;
        this.idempotency = idempotency;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.KIOSK })
    @Operation(summary = "The office's visitor rooms and their live status")
    public Uni<List<RoomView>> list(@PathParam("officeId") String officeId) {
        access.requireOffice(officeId);
        return offices.rooms(officeId);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a visitor room (admin)")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "409", description = "The office already has a room of that name")
    public Uni<Response> add(@PathParam("officeId") String officeId, @NotNull @Valid RoomRequest request,
            @HeaderParam(Idempotency.HEADER) String key) {
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/offices/" + officeId + "/rooms", request);
        return idempotency.replayOr(idem, () -> offices.addRoom(officeId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }

    @PUT
    @Path("/{roomId}/status")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Set AVAILABLE, CLEANING or OUT_OF_SERVICE; RESERVED and OCCUPIED are set by the system (409)")
    @APIResponse(responseCode = "409", description = "RESERVED and OCCUPIED are set by the system only, or the room is in use")
    @APIResponseSchema(value = RoomView.class, responseCode = "200", responseDescription = "The room now")
    public Uni<RoomView> setStatus(@PathParam("officeId") String officeId, @PathParam("roomId") UUID roomId,
            @NotNull @Valid RoomStatusRequest request) {
        access.requireOffice(officeId);
        return offices.setRoomStatus(officeId, roomId, request.status());
    }
}
