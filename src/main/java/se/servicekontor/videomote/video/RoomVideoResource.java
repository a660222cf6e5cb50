package se.servicekontor.videomote.video;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Roles;

/** The video session a room terminal should join now. */
@Path("/api/v1/rooms/{roomId}/video")
@Tag(name = "Video sessions")
@Produces(MediaType.APPLICATION_JSON)
public class RoomVideoResource {

    private final VideoService video;
    private final Access access;

    public RoomVideoResource(VideoService video, Access access) {
        this.video = video;
        this.access = access;
    }

    @GET
    @RolesAllowed(Roles.ROOM)
    @Operation(summary = "For a room terminal: the session its room should join now, with the room's join",
            description = """
                    The terminal learns that a session is ready from `video.ready` on `/ws/v1/rooms/{roomId}` (or \
                    from `video` in that stream's snapshot), then fetches its join here: `roomJoin` with its token \
                    (never the officer's). Same shape as `GET /api/v1/visits/{id}/video`. 404 when the room has no \
                    open session, or the token is not this room's.""")
    public Uni<VideoSessionView> get(@PathParam("roomId") UUID roomId) {
        return video.forRoom(roomId, access.caller());
    }
}
