package se.servicekontor.videomote.agencies;

import java.util.List;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.agencies.AgencyRecords.AgencyRequest;
import se.servicekontor.videomote.agencies.AgencyRecords.AgencyView;
import se.servicekontor.videomote.agencies.AgencyRecords.ServicePatch;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.RequestBodies;
import se.servicekontor.videomote.common.Problem;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

@Path("/api/v1/agencies")
@Tag(name = "Reference data")
@jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
@jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
public class AgencyResource {

    private final AgencyService agencies;
    private final Idempotency idempotency;
    private final Access access;
    private final RequestBodies bodies;

    public AgencyResource(AgencyService agencies, Idempotency idempotency, Access access, RequestBodies bodies) {
        this.bodies = bodies;
        this.agencies = agencies;
        this.idempotency = idempotency;
        this.access = access;
    }

    @GET
    @Authenticated
    @Operation(summary = "All agencies with their services and ticket prefixes; retired services only with "
            + "includeRetired=true")
    @APIResponse(responseCode = "200", description = "The agencies", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = AgencyView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<AgencyView>> list(@QueryParam("includeRetired") boolean includeRetired) {
        return agencies.list(includeRetired);
    }

    @GET
    @Path("/{code}")
    @Authenticated
    @Operation(summary = "One agency")
    @APIResponse(responseCode = "200", description = "The agency", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgencyView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown agency or service (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AgencyView> get(@PathParam("code") String code, @QueryParam("includeRetired") boolean includeRetired) {
        return agencies.get(code, includeRetired);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an agency (admin); 409 names the agency that has the ticket prefix")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgencyView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Idempotency-Key reused with a different body", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgencyRequest.class))) JsonNode requestBody,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        var request = bodies.read(requestBody, AgencyRequest.class);
        var key = idempotency.key(idempotencyKey, access.caller().key(), "POST /api/v1/agencies", request.value());
        return idempotency.replayOr(key, () -> agencies.create(request, key)
                .map(view -> Response.created(view.location()).entity(view).build()));
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace an agency and its services (admin); a service left out is retired, not deleted")
    @APIResponse(responseCode = "200", description = "Replaced", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgencyView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown agency or service (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AgencyView> replace(@PathParam("code") String code, @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgencyRequest.class))) JsonNode requestBody) {
        var request = bodies.read(requestBody, AgencyRequest.class);
        return agencies.replace(code, request);
    }

    @PATCH
    @Path("/{code}/services/{service}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rename a service or change its duration (admin); bookings made already keep theirs")
    @APIResponse(responseCode = "200", description = "Changed; the agency with its services", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgencyView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input, every invalid field listed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown agency or service (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AgencyView> updateService(@PathParam("code") String code, @PathParam("service") String service,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServicePatch.class))) JsonNode patchBody) {
        ServicePatch patch = bodies.read(patchBody, ServicePatch.class).orThrow();
        return agencies.updateService(code, service, patch);
    }

    @POST
    @Path("/{code}/services/{service}/retire")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Retire a service (admin): no longer offered or bookable, kept for history; 409 names the "
            + "active bookings that still need it")
    @APIResponse(responseCode = "200", description = "Retired; the agency with its services in use", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgencyView.class)))
    @APIResponse(responseCode = "401", description = "No or invalid token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Role not allowed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown agency or service (or one the caller may not see)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Conflicts with the current state; the detail names what with", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AgencyView> retireService(@PathParam("code") String code, @PathParam("service") String service) {
        return agencies.retireService(code, service);
    }
}
