package se.servicekontor.videomote.agencies;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
import se.servicekontor.videomote.agencies.OfficerRecords.GeneratedShifts;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerPatch;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftTemplateRequest;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerView;
import se.servicekontor.videomote.agencies.OfficerRecords.PresenceRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.PresenceView;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftView;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.RequestBodies;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

@Path("/api/v1/officers")
@Tag(name = "Reference data")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OfficerResource {

    private final OfficerService officers;
    private final Idempotency idempotency;
    private final Access access;
    private final RequestBodies bodies;

    public OfficerResource(OfficerService officers, Idempotency idempotency, Access access, RequestBodies bodies) {
        this.bodies = bodies;
        this.officers = officers;
        this.idempotency = idempotency;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "Case officers, optionally of one agency; an officer sees its own agency's; retired ones only "
            + "with includeRetired=true")
    @APIResponse(responseCode = "200", description = "The officers", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = OfficerView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<OfficerView>> list(@QueryParam("agency") String agency,
            @QueryParam("includeRetired") boolean includeRetired) {
        Caller caller = access.caller();
        if (caller.isAdmin()) {
            return officers.list(agency == null || agency.isBlank() ? null : agency, includeRetired);
        }
        if (agency != null && !agency.isBlank()) {
            access.requireAgency(agency);
        }
        return officers.list(caller.agency() == null ? "" : caller.agency(), includeRetired);
    }

    @GET
    @Path("/{officerId}")
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "One case officer (retired ones too)")
    @APIResponse(responseCode = "200", description = "The officer", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficerView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OfficerView> get(@PathParam("officerId") UUID officerId) {
        Caller caller = access.caller();
        return officers.get(officerId).invoke(view -> {
            if (!Access.mayViewAgency(caller, view.agency())) {
                throw ApiException.notFound("Officer", officerId);
            }
        });
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a case officer (admin)")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficerView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficerRequest.class))) JsonNode requestBody, @HeaderParam(Idempotency.HEADER) String key) {
        var request = bodies.read(requestBody, OfficerRequest.class);
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/officers", request.value());
        return idempotency.replayOr(idem, () -> officers.create(request, idem)
                .map(view -> Response.created(view.location()).entity(view).build()));
    }

    @PATCH
    @Path("/{officerId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Edit an officer's name, languages or services (admin); what is left out stays")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficerView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OfficerView> update(@PathParam("officerId") UUID officerId, @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficerPatch.class))) JsonNode patchBody) {
        OfficerPatch patch = bodies.read(patchBody, OfficerPatch.class).orThrow();
        return officers.update(officerId, patch);
    }

    @POST
    @Path("/{officerId}/retire")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Retire an officer (admin): offline for good, no longer listed or picked, shifts not begun "
            + "removed, kept for history; 409 while serving a visit or while bookings need the officer (named)")
    @APIResponse(responseCode = "200", description = "Retired", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficerView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OfficerView> retire(@PathParam("officerId") UUID officerId) {
        return officers.retire(officerId);
    }

    @PUT
    @Path("/{officerId}/presence")
    @RolesAllowed({ Roles.OFFICER, Roles.ADMIN })
    @Operation(summary = "Set AVAILABLE, AWAY or OFFLINE (the officer); BUSY is set by the system (409)")
    @APIResponse(responseCode = "200", description = "Set", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PresenceView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PresenceView> setPresence(@PathParam("officerId") UUID officerId, @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PresenceRequest.class))) JsonNode requestBody) {
        access.requireSelfOrAdmin(officerId);
        PresenceRequest request = bodies.read(requestBody, PresenceRequest.class).orThrow();
        return officers.setPresence(officerId, request.presence());
    }

    @GET
    @Path("/{officerId}/shifts")
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "The officer's shifts overlapping [from, to); by default from yesterday on")
    @APIResponse(responseCode = "200", description = "The shifts", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = ShiftView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<ShiftView>> shifts(@PathParam("officerId") UUID officerId, @QueryParam("from") OffsetDateTime from,
            @QueryParam("to") OffsetDateTime to) {
        access.requireSelfOrAdmin(officerId);
        return officers.shifts(officerId, from == null ? null : from.toInstant(), to == null ? null : to.toInstant());
    }

    @POST
    @Path("/{officerId}/shifts")
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "Add a working period in which the officer can be booked; 409 names the shift it overlaps")
    @APIResponse(responseCode = "201", description = "Added", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShiftView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> addShift(@PathParam("officerId") UUID officerId, @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShiftRequest.class))) JsonNode requestBody,
            @HeaderParam(Idempotency.HEADER) String key) {
        access.requireSelfOrAdmin(officerId);
        ShiftRequest request = bodies.read(requestBody, ShiftRequest.class).orThrow();
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/officers/" + officerId + "/shifts", request);
        return idempotency.replayOr(idem, () -> officers.addShift(officerId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }

    @POST
    @Path("/{officerId}/shifts/generate")
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "Generate the shifts of a weekly template for a period, all or nothing",
            description = "Times are wall-clock times in timeZone (default Europe/Stockholm): a time that does not "
                    + "exist when clocks go forward moves forward by the gap, a repeated one when they go back is its "
                    + "first occurrence. Public holidays are skipped unless skipHolidays=false. 409 names every "
                    + "generated shift that would overlap an existing one, and that shift; nothing is created then.")
    @APIResponse(responseCode = "201", description = "Generated", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GeneratedShifts.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> generateShifts(@PathParam("officerId") UUID officerId,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShiftTemplateRequest.class))) JsonNode requestBody, @HeaderParam(Idempotency.HEADER) String key) {
        access.requireSelfOrAdmin(officerId);
        var request = bodies.read(requestBody, ShiftTemplateRequest.class);
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/officers/" + officerId + "/shifts/generate",
                request.value());
        return idempotency.replayOr(idem, () -> officers.generateShifts(officerId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }

    @DELETE
    @Path("/{officerId}/shifts/{shiftId}")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "Delete a shift that has not begun; running and past ones are kept, and so is one that "
            + "bookings fall in (409, named)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown officer or shift (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> deleteShift(@PathParam("officerId") UUID officerId, @PathParam("shiftId") UUID shiftId) {
        access.requireSelfOrAdmin(officerId);
        return officers.deleteShift(officerId, shiftId).map(v -> Response.noContent().build());
    }
}
