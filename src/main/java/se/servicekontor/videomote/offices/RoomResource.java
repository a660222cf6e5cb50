package se.servicekontor.videomote.offices;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.RequestBodies;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.offices.OfficeRecords.RoomPatch;
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
    private final RequestBodies bodies;

    public RoomResource(OfficeService offices, Idempotency idempotency, Access access, RequestBodies bodies) {
        this.bodies = bodies;
        this.offices = offices;
        this.idempotency = idempotency;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.KIOSK })
    @Operation(summary = "The office's visitor rooms and their live status; retired ones only with includeRetired=true")
    @APIResponse(responseCode = "200", description = "The rooms", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = RoomView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office or room (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<RoomView>> list(@PathParam("officeId") String officeId,
            @QueryParam("includeRetired") boolean includeRetired) {
        access.requireOffice(officeId);
        return offices.rooms(officeId, includeRetired);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a visitor room (admin); 409 names the room that has the name")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office or room (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> add(@PathParam("officeId") String officeId, @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomRequest.class))) JsonNode requestBody,
            @HeaderParam(Idempotency.HEADER) String key) {
        RoomRequest request = bodies.read(requestBody, RoomRequest.class).orThrow();
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/offices/" + officeId + "/rooms", request);
        return idempotency.replayOr(idem, () -> offices.addRoom(officeId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }

    @PATCH
    @Path("/{roomId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rename a room or change its accessibility or capacity (admin); what is left out stays")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office or room (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RoomView> update(@PathParam("officeId") String officeId, @PathParam("roomId") UUID roomId,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomPatch.class))) JsonNode patchBody) {
        RoomPatch patch = bodies.read(patchBody, RoomPatch.class).orThrow();
        return offices.updateRoom(officeId, roomId, patch);
    }

    @POST
    @Path("/{roomId}/retire")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Retire a room (admin): out of service for good, no longer listed or picked, kept for history;"
            + " 409 while a visit holds it or bookings need it (named)")
    @APIResponse(responseCode = "200", description = "Retired", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office or room (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RoomView> retire(@PathParam("officeId") String officeId, @PathParam("roomId") UUID roomId) {
        return offices.retireRoom(officeId, roomId);
    }

    @PUT
    @Path("/{roomId}/status")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Set AVAILABLE, CLEANING or OUT_OF_SERVICE; RESERVED and OCCUPIED are set by the system (409)")
    @APIResponse(responseCode = "200", description = "Set", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown office or room (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RoomView> setStatus(@PathParam("officeId") String officeId, @PathParam("roomId") UUID roomId,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomStatusRequest.class))) JsonNode requestBody) {
        access.requireOffice(officeId);
        RoomStatusRequest request = bodies.read(requestBody, RoomStatusRequest.class).orThrow();
        return offices.setRoomStatus(officeId, roomId, request.status());
    }
}
