package se.servicekontor.videomote.visits;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;
import se.servicekontor.videomote.visits.VisitRecords.VisitRequest;
import se.servicekontor.videomote.visits.VisitRecords.VisitView;

@Path("/api/v1/offices/{officeId}/visits")
@Tag(name = "Visits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OfficeVisitResource {

    private final VisitService visits;
    private final Idempotency idempotency;
    private final Access access;

    public OfficeVisitResource(VisitService visits, Idempotency idempotency, Access access) {
        this.visits = visits;
        this.idempotency = idempotency;
        this.access = access;
    }

    @POST
    @RolesAllowed({ Roles.DESK, Roles.KIOSK })
    @Operation(summary = "Issue a ticket to a walk-in visitor (desk or kiosk of the office)",
            description = "201 with the visit: ticket (agency prefix and a number restarting each office-local day), "
                    + "position in the agency's line and estimated wait. A kiosk's answer never carries the name.")
    @APIResponse(responseCode = "201", description = "Issued; a kiosk gets the same fields without the visitor's name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisitView.class)))
    @APIResponse(responseCode = "409", description = "The office does not offer the agency or service")
    public Uni<Response> create(@PathParam("officeId") String officeId, @NotNull @Valid VisitRequest request,
            @HeaderParam(Idempotency.HEADER) String key) {
        Caller caller = access.requireOffice(officeId);
        var idem = idempotency.key(key, caller.key(), "POST /api/v1/offices/" + officeId + "/visits", request);
        Actor actor = Actor.of(caller);
        return idempotency.replayOr(idem, () -> visits.create(officeId, request, actor, idem)
                .map(issued -> Response.created(issued.location()).entity(issued.body()).build()));
    }
}
