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

/** Live stream for the office's front desk (or an admin): rooms and their status, the queue with names, arrivals, the day's bookings. */
@WebSocket(path = "/ws/v1/offices/{officeId}/desk", endpointId = DeskSocket.ID)
@RolesAllowed({ Roles.DESK, Roles.ADMIN })
public class DeskSocket {

    static final String ID = "live-desk";

    private final LiveSockets sockets;

    DeskSocket(LiveSockets sockets) {
        this.sockets = sockets;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        return sockets.open(connection, Audience.DESK, connection.pathParam("officeId"));
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
