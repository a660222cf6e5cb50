package se.servicekontor.videomote.visits;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;
import se.servicekontor.videomote.visits.VisitRecords.QueueView;

@Path("/api/v1/offices/{officeId}/queue")
@Tag(name = "Visits")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    static final int MAX_LIMIT = 1000;

    private final QueueService queues;
    private final Access access;

    public QueueResource(QueueService queues, Access access) {
        this.queues = queues;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.DESK, Roles.KIOSK, Roles.ADMIN })
    @Operation(summary = "The office's queue: waiting tickets per agency in serving order, called and in-meeting visits",
            description = "A kiosk gets tickets, rooms and counts only, never a name; the desk and admins also get "
                    + "visitor names. `limit` caps the waiting visits listed per agency (default 100); `agencies` "
                    + "always has the full counts and a newcomer's estimated wait.")
    public Uni<QueueView> queue(@PathParam("officeId") String officeId,
            @QueryParam("limit") Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Actor actor = Actor.of(access.requireOffice(officeId));
        return queues.queue(officeId, actor.seesNames(), limit, actor);
    }
}
