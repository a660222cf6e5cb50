package se.servicekontor.videomote.live;

import jakarta.annotation.security.RolesAllowed;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import se.servicekontor.videomote.security.Roles;

/** Live stream for the terminal of one visitor room: its status, the ticket called to it, the video session to join. */
@WebSocket(path = "/ws/v1/rooms/{roomId}", endpointId = RoomSocket.ID)
@RolesAllowed({ Roles.ROOM })
public class RoomSocket {

    static final String ID = "live-room";

    private final LiveSockets sockets;

    RoomSocket(LiveSockets sockets) {
        this.sockets = sockets;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        return sockets.open(connection, Audience.ROOM, connection.pathParam("roomId"));
    }

    @OnPongMessage
    void pong(WebSocketConnection connection, Buffer data) {
        sockets.pong(connection);
    }

    @OnClose
    void close(WebSocketConnection connection) {
        sockets.closed(connection);
    }

    @OnError
    void error(WebSocketConnection connection, Throwable failure) {
        sockets.failed(connection, failure);
    }
}
