package se.servicekontor.videomote.video;

import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The built-in provider's signaling relay for one session: the room terminal and the officer each connect with
 * their join token in {@code ?token=} ({@link VideoUpgradeCheck}) and exchange {@code offer}, {@code answer},
 * {@code candidate} and {@code bye} ({@link SignalMessages}). Messages are taken in arrival order on the event loop
 * and limited there, before any queueing ({@link SignalingRelay}).
 */
@WebSocket(path = "/ws/v1/video/{sessionId}", endpointId = VideoSocket.ID,
        inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class VideoSocket {

    static final String ID = "video-signaling";

    private final SignalingRelay relay;

    VideoSocket(SignalingRelay relay) {
        this.relay = relay;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        return relay.open(connection);
    }

    @OnTextMessage
    @NonBlocking
    void message(WebSocketConnection connection, String message) {
        relay.received(connection, message);
    }

    @OnPongMessage
    @NonBlocking
    void pong(WebSocketConnection connection, Buffer data) {
        relay.pong(connection);
    }

    @OnClose
    Uni<Void> close(WebSocketConnection connection) {
        return relay.closed(connection);
    }
}
