package se.servicekontor.videomote.live;

import jakarta.annotation.security.RolesAllowed;

import io.quarkus.websockets.next.WebSocket;
import se.servicekontor.videomote.security.Roles;

/** Live stream for one case officer: waiting counts, the visit handed to the officer and its video session. */
@WebSocket(path = "/ws/v1/officers/{officerId}", endpointId = OfficerSocket.ID)
@RolesAllowed({ Roles.OFFICER })
public class OfficerSocket extends LiveEndpoint {

    static final String ID = "live-officer";

    OfficerSocket(LiveSockets sockets) {
        super(sockets, Audience.OFFICER, "officerId");
    }
}
