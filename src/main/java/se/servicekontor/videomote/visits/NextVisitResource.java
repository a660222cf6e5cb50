package se.servicekontor.videomote.visits;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
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
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;
import se.servicekontor.videomote.visits.VisitRecords.NextView;

@Path("/api/v1/officers/{officerId}/next")
@Tag(name = "Visits")
@Produces(MediaType.APPLICATION_JSON)
public class NextVisitResource {

    private final NextVisitService visits;
    private final Access access;

    public NextVisitResource(NextVisitService visits, Access access) {
        this.visits = visits;
        this.access = access;
    }

    @POST
    @RolesAllowed(Roles.OFFICER)
    @Operation(summary = "Call the next visitor (the officer themselves)",
            description = "Takes, in one transaction, the next visit the officer may serve from any office with a "
                    + "free visitor room: a checked-in booked visit held for this officer whose time has come first, "
                    + "then the agency's lines in order (PRIORITY visits placed `videomote.visits.priority-lead` "
                    + "ahead of their arrival, otherwise longest waiting). The room becomes RESERVED and the officer "
                    + "BUSY. 200 `{visit, room}`; 204 when nobody eligible waits where a room is free; 409 when the "
                    + "officer already holds a called or in-meeting visit or is not AVAILABLE.")
    @APIResponse(responseCode = "200", description = "The visit called, its room and video session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NextView.class)))
    @APIResponse(responseCode = "204", description = "Nobody is waiting whom this officer can serve in an office with a free room")
    @APIResponse(responseCode = "409", description = "The officer is already serving a visit, or is not AVAILABLE")
    public Uni<Response> next(@PathParam("officerId") UUID officerId) {
        Caller caller = access.caller();
        if (caller.officerId().filter(officerId::equals).isEmpty()) {
            throw ApiException.forbidden("Only the officer themselves may call their next visitor.");
        }
        return visits.next(officerId, Actor.of(caller)).map(next -> next == null ? Response.noContent().build()
                : Response.ok(next).build());
    }
}
