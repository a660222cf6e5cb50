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

/** Live stream for one case officer: waiting counts, the visit handed to the officer and its video session. */
@WebSocket(path = "/ws/v1/officers/{officerId}", endpointId = OfficerSocket.ID)
@RolesAllowed({ Roles.OFFICER })
public class OfficerSocket {

    static final String ID = "live-officer";

    private final LiveSockets sockets;

    OfficerSocket(LiveSockets sockets) {
        this.sockets = sockets;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        return sockets.open(connection, Audience.OFFICER, connection.pathParam("officerId"));
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
