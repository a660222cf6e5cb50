package se.servicekontor.videomote.agencies;

import java.time.OffsetDateTime;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerView;
import se.servicekontor.videomote.agencies.OfficerRecords.PresenceRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.PresenceView;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftView;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Idempotency;
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

    public OfficerResource(OfficerService officers, Idempotency idempotency, Access access) {
        this.officers = officers;
        this.idempotency = idempotency;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "Case officers, optionally of one agency; an officer sees its own agency's")
    public Uni<List<OfficerView>> list(@QueryParam("agency") String agency) {
        Caller caller = access.caller();
        if (caller.isAdmin()) {
            return officers.list(agency == null || agency.isBlank() ? null : agency);
        }
        if (agency != null && !agency.isBlank()) {
            access.requireAgency(agency);
        }
        return officers.list(caller.agency() == null ? "" : caller.agency());
    }

    @GET
    @Path("/{officerId}")
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "One case officer")
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
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficerView.class)))
    public Uni<Response> create(@NotNull @Valid OfficerRequest request, @HeaderParam(Idempotency.HEADER) String key) {
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/officers", request);
        return idempotency.replayOr(idem, () -> officers.create(request, idem)
                .map(view -> Response.created(view.location()).entity(view).build()));
    }

    @PUT
    @Path("/{officerId}/presence")
    @RolesAllowed({ Roles.OFFICER, Roles.ADMIN })
    @Operation(summary = "Set AVAILABLE, AWAY or OFFLINE (the officer); BUSY is set by the system (409)")
    @APIResponse(responseCode = "409", description = "BUSY is set by the system only, or the officer is serving a visit")
    @APIResponseSchema(value = PresenceView.class, responseCode = "200", responseDescription = "The presence now")
    public Uni<PresenceView> setPresence(@PathParam("officerId") UUID officerId, @NotNull @Valid PresenceRequest request) {
        access.requireSelfOrAdmin(officerId);
        return officers.setPresence(officerId, request.presence());
    }

    @GET
    @Path("/{officerId}/shifts")
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "The officer's shifts overlapping [from, to); by default from yesterday on")
    public Uni<List<ShiftView>> shifts(@PathParam("officerId") UUID officerId, @QueryParam("from") OffsetDateTime from,
            @QueryParam("to") OffsetDateTime to) {
        access.requireSelfOrAdmin(officerId);
        return officers.shifts(officerId, from == null ? null : from.toInstant(), to == null ? null : to.toInstant());
    }

    @POST
    @Path("/{officerId}/shifts")
    @RolesAllowed({ Roles.ADMIN, Roles.OFFICER })
    @Operation(summary = "Add a working period in which the officer can be booked")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ShiftView.class)))
    @APIResponse(responseCode = "409", description = "Overlaps another shift of the officer")
    public Uni<Response> addShift(@PathParam("officerId") UUID officerId, @NotNull @Valid ShiftRequest request,
            @HeaderParam(Idempotency.HEADER) String key) {
        access.requireSelfOrAdmin(officerId);
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/officers/" + officerId + "/shifts", request);
        return idempotency.replayOr(idem, () -> officers.addShift(officerId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }
}
