package se.servicekontor.videomote.agencies;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.agencies.AgencyRecords.AgencyRequest;
import se.servicekontor.videomote.agencies.AgencyRecords.AgencyView;
import se.servicekontor.videomote.common.Idempotency;
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

    public AgencyResource(AgencyService agencies, Idempotency idempotency, Access access) {
        this.agencies = agencies;
        this.idempotency = idempotency;
        this.access = access;
    }

    @GET
    @Authenticated
    @Operation(summary = "All agencies with their services and ticket prefixes")
    public Uni<List<AgencyView>> list() {
        return agencies.list();
    }

    @GET
    @Path("/{code}")
    @Authenticated
    @Operation(summary = "One agency")
    public Uni<AgencyView> get(@PathParam("code") String code) {
        return agencies.get(code);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an agency (admin)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AgencyView.class)))
    @APIResponse(responseCode = "409", description = "The code or the ticket prefix is taken")
    public Uni<Response> create(@NotNull @Valid AgencyRequest request,
            @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        var key = idempotency.key(idempotencyKey, access.caller().key(), "POST /api/v1/agencies", request);
        return idempotency.replayOr(key, () -> agencies.create(request, key)
                .map(view -> Response.created(view.location()).entity(view).build()));
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace an agency and its services (admin)")
    @APIResponse(responseCode = "409", description = "The ticket prefix is taken by another agency")
    @APIResponseSchema(value = AgencyView.class, responseCode = "200", responseDescription = "The agency now")
    public Uni<AgencyView> replace(@PathParam("code") String code, @NotNull @Valid AgencyRequest request) {
        return agencies.replace(code, request);
    }
}
