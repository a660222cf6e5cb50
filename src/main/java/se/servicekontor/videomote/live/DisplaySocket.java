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

/** Live stream for a kiosk or waiting-room screen of the office (or an admin): tickets called and their rooms, waiting counts and estimated waits. */
@WebSocket(path = "/ws/v1/offices/{officeId}/display", endpointId = DisplaySocket.ID)
@RolesAllowed({ Roles.KIOSK, Roles.ADMIN })
public class DisplaySocket {

    static final String ID = "live-display";

    private final LiveSockets sockets;

    DisplaySocket(LiveSockets sockets) {
        this.sockets = sockets;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        return sockets.open(connection, Audience.DISPLAY, connection.pathParam("officeId"));
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
