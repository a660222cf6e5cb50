package se.servicekontor.videomote.live;

import jakarta.annotation.security.RolesAllowed;

import io.quarkus.websockets.next.WebSocket;
import se.servicekontor.videomote.security.Roles;

/** Live stream for the terminal of one visitor room: its status, the ticket called to it, the video session to join. */
@WebSocket(path = "/ws/v1/rooms/{roomId}", endpointId = RoomSocket.ID)
@RolesAllowed({ Roles.ROOM })
public class RoomSocket extends LiveEndpoint {

    static final String ID = "live-room";

    RoomSocket(LiveSockets sockets) {
        super(sockets, Audience.ROOM, "roomId");
    }
}
