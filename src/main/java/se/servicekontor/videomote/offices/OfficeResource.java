package se.servicekontor.videomote.offices;

import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.offices.OfficeRecords.ClosureRequest;
import se.servicekontor.videomote.offices.OfficeRecords.ClosureView;
import se.servicekontor.videomote.offices.OfficeRecords.OfficeRequest;
import se.servicekontor.videomote.offices.OfficeRecords.OfficeView;
import se.servicekontor.videomote.offices.OfficeRecords.StopRequest;
import se.servicekontor.videomote.offices.OfficeRecords.StopView;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

@Path("/api/v1/offices")
@Tag(name = "Reference data")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OfficeResource {

    private final OfficeService offices;
    private final Idempotency idempotency;
    private final Access access;

    public OfficeResource(OfficeService offices, Idempotency idempotency, Access access) {
        this.offices = offices;
        this.idempotency = idempotency;
        this.access = access;
    }

    @GET
    @Authenticated
    @Operation(summary = "Offices, optionally by municipality or agency offered; a desk, kiosk or room sees only its own")
    public Uni<List<OfficeView>> list(@QueryParam("municipality") String municipality, @QueryParam("agency") String agency) {
        return offices.list(access.caller(), municipality, agency);
    }

    @GET
    @Path("/{officeId}")
    @Authenticated
    @Operation(summary = "One office with opening hours and agencies")
    public Uni<OfficeView> get(@PathParam("officeId") String officeId) {
        access.requireOffice(officeId);
        return offices.get(officeId);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an office (admin)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfficeView.class)))
    @APIResponse(responseCode = "409", description = "The id is taken")
    public Uni<Response> create(@NotNull @Valid OfficeRequest request, @HeaderParam(Idempotency.HEADER) String key) {
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/offices", request);
        return idempotency.replayOr(idem, () -> offices.create(request, idem)
                .map(view -> Response.created(view.location()).entity(view).build()));
    }

    @PUT
    @Path("/{officeId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace an office (admin)")
    public Uni<OfficeView> replace(@PathParam("officeId") String officeId, @NotNull @Valid OfficeRequest request) {
        return offices.replace(officeId, request);
    }

    @GET
    @Path("/{officeId}/closures")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Days from today on which the office is closed")
    public Uni<List<ClosureView>> closures(@PathParam("officeId") String officeId) {
        access.requireOffice(officeId);
        return offices.closures(officeId);
    }

    @POST
    @Path("/{officeId}/closures")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Close the office on a day")
    @APIResponse(responseCode = "201", description = "Closed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClosureView.class)))
    @APIResponse(responseCode = "409", description = "The office is already closed that day")
    public Uni<Response> addClosure(@PathParam("officeId") String officeId, @NotNull @Valid ClosureRequest request,
            @HeaderParam(Idempotency.HEADER) String key) {
        access.requireOffice(officeId);
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/offices/" + officeId + "/closures", request);
        return idempotency.replayOr(idem, () -> offices.addClosure(officeId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }

    @DELETE
    @Path("/{officeId}/closures/{date}")
    @RolesAllowed({ Roles.ADMIN, Roles.DESK })
    @Operation(summary = "Open the office again on a closed day")
    @APIResponse(responseCode = "204", description = "Open again")
    public Uni<Response> removeClosure(@PathParam("officeId") String officeId, @PathParam("date") LocalDate date) {
        access.requireOffice(officeId);
        return offices.removeClosure(officeId, date).map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{officeId}/stops")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Upcoming stops of a mobile office (admin)")
    public Uni<List<StopView>> stops(@PathParam("officeId") String officeId) {
        return offices.stops(officeId);
    }

    @POST
    @Path("/{officeId}/stops")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a stop to a mobile office (admin)")
    @APIResponse(responseCode = "201", description = "Added",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StopView.class)))
    @APIResponse(responseCode = "409", description = "Overlaps another stop")
    public Uni<Response> addStop(@PathParam("officeId") String officeId, @NotNull @Valid StopRequest request,
            @HeaderParam(Idempotency.HEADER) String key) {
        var idem = idempotency.key(key, access.caller().key(), "POST /api/v1/offices/" + officeId + "/stops", request);
        return idempotency.replayOr(idem, () -> offices.addStop(officeId, request, idem)
                .map(view -> Response.status(201).entity(view).build()));
    }
}
