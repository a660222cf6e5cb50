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

/** The video session of a visit, for the officer serving it, the desk of its office and admins. */
@Path("/api/v1/visits/{visitId}/video")
@Tag(name = "Video sessions")
@Produces(MediaType.APPLICATION_JSON)
public class VisitVideoResource {

    private final VideoService video;
    private final Access access;

    public VisitVideoResource(VideoService video, Access access) {
        this.video = video;
        this.access = access;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.DESK, Roles.OFFICER })
    @Operation(summary = "The visit's open video session and the join the caller may use",
            description = """
                    For the officer serving the visit: `officerJoin` with its token. For the desk of the visit's \
                    office: `roomJoin` with its token (to start the room terminal's side). For an admin: no token. \
                    A side's token is never handed to anyone else. Built-in provider: `url` is the signaling \
                    WebSocket `/ws/v1/video/{sessionId}`, connect with `?token=<token>`; `iceServers` are the \
                    STUN/TURN servers for the RTCPeerConnection. Jitsi: `url` is the meeting, enter with \
                    `?jwt=<token>`. Tokens stop working at `expiresAt` or when the session ends, whichever is first; \
                    fetch again for fresh ones. 404 when the visit has no open session or the caller may not see it.""")
    public Uni<VideoSessionView> get(@PathParam("visitId") UUID visitId) {
        return video.forVisit(visitId, access.caller());
    }
}
