package se.servicekontor.videomote.live;

import jakarta.annotation.security.RolesAllowed;

import io.quarkus.websockets.next.WebSocket;
import se.servicekontor.videomote.security.Roles;

/** Live stream for a kiosk or waiting-room screen of the office (or an admin): tickets called and their rooms, waiting counts and estimated waits. */
@WebSocket(path = "/ws/v1/offices/{officeId}/display", endpointId = DisplaySocket.ID)
@RolesAllowed({ Roles.KIOSK, Roles.ADMIN })
public class DisplaySocket extends LiveEndpoint {

    static final String ID = "live-display";

    DisplaySocket(LiveSockets sockets) {
        super(sockets, Audience.DISPLAY, "officeId");
    }
}
