package se.servicekontor.videomote.visits;

import java.util.List;
import java.util.UUID;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;
import se.servicekontor.videomote.visits.VisitRecords.HistoryEntry;
import se.servicekontor.videomote.visits.VisitRecords.TransferRequest;
import se.servicekontor.videomote.visits.VisitRecords.VisitView;

/**
 * One visit: read it, its history, and move it through its states. Illegal transitions answer 409. Transitions other
 * than transfer take no body, so they accept any content type.
 */
@Path("/api/v1/visits/{id}")
@Tag(name = "Visits")
@Produces(MediaType.APPLICATION_JSON)
public class VisitResource {

    private final VisitService visits;
    private final Access access;

    public VisitResource(VisitService visits, Access access) {
        this.visits = visits;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.DESK, Roles.OFFICER, Roles.ADMIN })
    @Operation(summary = "A visit (desk of its office, the officer serving it, admin)")
    public Uni<VisitView> get(@PathParam("id") UUID id) {
        return visits.get(id, actor());
    }

    @GET
    @Path("/history")
    @RolesAllowed({ Roles.DESK, Roles.OFFICER, Roles.ADMIN })
    @Operation(summary = "Everything that happened to a visit: when, what, who (a token subject, never a name), "
            + "which officer and room")
    public Uni<List<HistoryEntry>> history(@PathParam("id") UUID id) {
        return visits.history(id, actor());
    }

    @POST
    @Path("/start")
    @RolesAllowed(Roles.OFFICER)
    @Operation(summary = "CALLED → IN_MEETING; the room becomes OCCUPIED (the officer serving it)")
    @APIResponse(responseCode = "409", description = "The visit is not in a state that allows this")
    @APIResponseSchema(value = VisitView.class, responseCode = "200", responseDescription = "The visit after the change")
    public Uni<VisitView> start(@PathParam("id") UUID id) {
        return visits.transition(id, Transition.START, actor(), null);
    }

    @POST
    @Path("/complete")
    @RolesAllowed(Roles.OFFICER)
    @Operation(summary = "IN_MEETING → COMPLETED; the room becomes AVAILABLE, or CLEANING for the office's cleaning "
            + "buffer and then AVAILABLE by itself; the officer AVAILABLE (the officer serving it)")
    @APIResponse(responseCode = "409", description = "The visit is not in a state that allows this")
    @APIResponseSchema(value = VisitView.class, responseCode = "200", responseDescription = "The visit after the change")
    public Uni<VisitView> complete(@PathParam("id") UUID id) {
        return visits.transition(id, Transition.COMPLETE, actor(), null);
    }

    @POST
    @Path("/no-show")
    @RolesAllowed({ Roles.OFFICER, Roles.DESK })
    @Operation(summary = "CALLED → NO_SHOW; room and officer freed (the officer serving it, the desk)")
    @APIResponse(responseCode = "409", description = "The visit is not in a state that allows this")
    @APIResponseSchema(value = VisitView.class, responseCode = "200", responseDescription = "The visit after the change")
    public Uni<VisitView> noShow(@PathParam("id") UUID id) {
        return visits.transition(id, Transition.NO_SHOW, actor(), null);
    }

    @POST
    @Path("/requeue")
    @RolesAllowed({ Roles.OFFICER, Roles.DESK })
    @Operation(summary = "CALLED → WAITING at its original place in line; room and officer freed")
    @APIResponse(responseCode = "409", description = "The visit is not in a state that allows this")
    @APIResponseSchema(value = VisitView.class, responseCode = "200", responseDescription = "The visit after the change")
    public Uni<VisitView> requeue(@PathParam("id") UUID id) {
        return visits.transition(id, Transition.REQUEUE, actor(), null);
    }

    @POST
    @Path("/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.OFFICER, Roles.DESK })
    @Operation(summary = "WAITING, CALLED or IN_MEETING → WAITING for another agency the office offers (or another "
            + "service), same ticket, same place in time; room and officer freed")
    @APIResponse(responseCode = "409", description = "The visit is not in a state that allows this, or the office does not offer the agency or service")
    @APIResponseSchema(value = VisitView.class, responseCode = "200", responseDescription = "The visit after the change")
    public Uni<VisitView> transfer(@PathParam("id") UUID id, @NotNull @Valid TransferRequest request) {
        return visits.transition(id, Transition.TRANSFER, actor(), request);
    }

    @POST
    @Path("/cancel")
    @RolesAllowed(Roles.DESK)
    @Operation(summary = "WAITING or CALLED → CANCELLED (the desk); a called visit's room and officer are freed")
    @APIResponse(responseCode = "409", description = "The visit is not in a state that allows this")
    @APIResponseSchema(value = VisitView.class, responseCode = "200", responseDescription = "The visit after the change")
    public Uni<VisitView> cancel(@PathParam("id") UUID id) {
        return visits.transition(id, Transition.CANCEL, actor(), null);
    }

    private Actor actor() {
        return Actor.of(access.caller());
    }
}
