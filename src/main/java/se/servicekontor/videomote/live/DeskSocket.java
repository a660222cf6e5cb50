package se.servicekontor.videomote.live;

import jakarta.annotation.security.RolesAllowed;

import io.quarkus.websockets.next.WebSocket;
import se.servicekontor.videomote.security.Roles;

/** Live stream for the office's front desk (or an admin): rooms and their status, the queue with names, arrivals, the day's bookings. */
@WebSocket(path = "/ws/v1/offices/{officeId}/desk", endpointId = DeskSocket.ID)
@RolesAllowed({ Roles.DESK, Roles.ADMIN })
public class DeskSocket extends LiveEndpoint {

    static final String ID = "live-desk";

    DeskSocket(LiveSockets sockets) {
        super(sockets, Audience.DESK, "officeId");
    }
}
