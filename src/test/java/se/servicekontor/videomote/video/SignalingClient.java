package se.servicekontor.videomote.video;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** A peer of the signaling relay for tests: sends text, collects every message, remembers the close code. */
final class SignalingClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
            .setMaxMessageSize(1024 * 1024).setMaxFrameSize(1024 * 1024));

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private SignalingClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    /** Connects to {@code path} (which carries the join token) on this test's service. */
    static SignalingClient connect(String path) {
        return connect(path, RestAssured.port);
    }

    static SignalingClient connect(String path, int port) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port).setURI(path);
        try {
            // Handlers are set on the event loop as the upgrade completes: the server greets at once.
            return CLIENT.connect(options).map(SignalingClient::new).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("WebSocket connect failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("WebSocket connect failed", e);
        }
    }

    /** The HTTP status of a refused upgrade, or 101 if the upgrade was accepted (the connection is closed again). */
    static int upgradeStatus(String path) {
        return upgradeStatus(path, RestAssured.port);
    }

    static int upgradeStatus(String path, int port) {
        try {
            connect(path, port).close();
            return 101;
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    void send(String text) {
        socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().join();
    }

    void send(JsonObject message) {
        send(message.encode());
    }

    JsonObject next(Duration wait) {
        try {
            JsonObject message = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("No message within " + wait);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonObject next() {
        return next(Duration.ofSeconds(10));
    }

    /** The next message of {@code type}, skipping others (presence messages, mostly). */
    JsonObject nextOfType(String type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No " + type + " within 10 s");
            }
            JsonObject m = next(Duration.ofNanos(left));
            if (type.equals(m.getString("type"))) {
                return m;
            }
        }
    }

    /** Fails if a message arrives within {@code wait}. */
    void assertQuiet(Duration wait) {
        try {
            JsonObject message = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (message != null) {
                throw new AssertionError("Unexpected message: " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The close code the server sent, waiting up to {@code wait}. */
    short closeCode(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("Not closed within " + wait, e);
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
