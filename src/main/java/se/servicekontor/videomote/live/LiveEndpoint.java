package se.servicekontor.videomote.live;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * What every live stream endpoint does: it hands the connection to {@link LiveSockets} for its audience and the key
 * in its path. Subclasses carry only their path, their roles and their endpoint id (websockets-next finds callbacks
 * declared on superclasses).
 */
abstract class LiveEndpoint {

    private final LiveSockets sockets;
    private final Audience audience;
    private final String keyParam;

    LiveEndpoint(LiveSockets sockets, Audience audience, String keyParam) {
        this.sockets = sockets;
        this.audience = audience;
        this.keyParam = keyParam;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        return sockets.open(connection, audience, connection.pathParam(keyParam));
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
