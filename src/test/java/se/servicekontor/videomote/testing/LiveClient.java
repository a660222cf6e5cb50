package se.servicekontor.videomote.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

/** A WebSocket client for tests: collects every message, remembers the close code. */
public final class LiveClient implements AutoCloseable {

    private static final Vertx VERTX = Vertx.vertx();
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
            .setMaxMessageSize(64 * 1024 * 1024).setMaxFrameSize(64 * 1024 * 1024));

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private LiveClient(WebSocket socket) {
        this.socket = socket;
        socket.textMessageHandler(text -> messages.add(new JsonObject(text)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    /** Connects with the token in the Authorization header, as a server-side client would. */
    public static LiveClient connect(String path, String token) {
        return connect(options(path).addHeader("Authorization", "Bearer " + token), RestAssured.port);
    }

    public static LiveClient connect(String path, String token, int port) {
        return connect(options(path).addHeader("Authorization", "Bearer " + token).setPort(port), port);
    }

    /** Connects the way a browser must: the token travels as a WebSocket subprotocol. */
    public static LiveClient connectLikeABrowser(String path, String token) {
        String carrier = "quarkus-http-upgrade#Authorization#Bearer " + token;
        return connect(options(path).setSubProtocols(List.of(
                URLEncoder.encode(carrier, StandardCharsets.UTF_8).replace("+", "%20"), "videomote.v1")), RestAssured.port);
    }

    /** Connects without a bearer token: for sockets whose path carries its own (video signaling's join token). */
    public static LiveClient open(String path) {
        return connect(options(path), RestAssured.port);
    }

    public static LiveClient open(String path, int port) {
        return connect(options(path), port);
    }

    /** The HTTP status of a refused upgrade, or 101 if the upgrade was accepted. */
    public static int upgradeStatus(String path, String token) {
        return upgradeStatus(path, token, RestAssured.port);
    }

    /** As {@link #upgradeStatus(String, String)} against the instance on {@code port}; {@code token} may be null. */
    public static int upgradeStatus(String path, String token, int port) {
        WebSocketConnectOptions options = options(path);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        try {
            LiveClient client = connect(options, port);
            client.close();
            return 101;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    private static WebSocketConnectOptions options(String path) {
        return new WebSocketConnectOptions().setHost("localhost").setPort(RestAssured.port).setURI(path);
    }

    private static LiveClient connect(WebSocketConnectOptions options, int port) {
        options.setPort(port);
        try {
            // Connected from a task on an event loop, which is then the connection's: the connect cannot complete
            // before map() is registered, so the handlers are in place before the first frame is read. From the test
            // thread, a connect that completed first ran map() in a later task, after the frames that came with the
            // upgrade response had been read without a handler and dropped (a welcome or snapshot lost).
            CompletableFuture<LiveClient> connected = new CompletableFuture<>();
            VERTX.getOrCreateContext().runOnContext(v -> CLIENT.connect(options).map(LiveClient::new)
                    .onSuccess(connected::complete).onFailure(connected::completeExceptionally));
            return connected.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("WebSocket connect failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("WebSocket connect failed", e);
        }
    }

    /** The next message, failing if none arrives in time. */
    public JsonObject next(Duration wait) {
        try {
            JsonObject message = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("No message within " + wait + (closed.isDone()
                        ? " (closed by the server with " + closed.getNow(null) + " " + socket.closeReason() + ")"
                        : " (still open)"));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public JsonObject next() {
        return next(Duration.ofSeconds(10));
    }

    public List<JsonObject> next(int count, Duration wait) {
        List<JsonObject> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (out.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Got " + out.size() + " of " + count + " messages: " + out);
            }
            out.add(next(Duration.ofNanos(left)));
        }
        return out;
    }

    public void send(String text) {
        socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().join();
    }

    public void send(JsonObject message) {
        send(message.encode());
    }

    /**
     * Sends unless the socket is closed, and says whether it did. For tests that flood until the server closes: the
     * server's close can land between a check of {@link #isClosed()} and the write, which then fails.
     */
    public boolean sendWhileOpen(JsonObject message) {
        if (socket.isClosed()) {
            return false;
        }
        try {
            send(message);
            return true;
        } catch (CompletionException e) {
            if (socket.isClosed()) {
                return false;
            }
            throw e;
        }
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    /** The next message of {@code type} within 10 s, skipping others. */
    public JsonObject nextOfType(String type) {
        return nextOfType(type, Duration.ofSeconds(10));
    }

    /** The next message of {@code type}, skipping others. */
    public JsonObject nextOfType(String type, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No " + type + " within " + wait);
            }
            JsonObject m = next(Duration.ofNanos(left));
            if (type.equals(m.getString("type"))) {
                return m;
            }
        }
    }

    /** Fails if a message arrives within {@code wait}. */
    public void assertQuiet(Duration wait) {
        try {
            JsonObject message = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (message != null) {
                throw new AssertionError("Unexpected message: " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every message received so far that has not been taken. */
    public List<JsonObject> drain() {
        List<JsonObject> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /** The close code the server sent, waiting up to {@code wait}. */
    public short closeCode(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("Not closed within " + wait, e);
        }
    }

    public String subprotocol() {
        return socket.subProtocol();
    }

    /** Messages of one connection, checked for the sequence rules. */
    public record Checked(List<JsonObject> messages) {

        /** Per stream, every seq is one more than the previous one. */
        public void assertGapless() {
            java.util.Map<String, Long> last = new java.util.HashMap<>();
            for (JsonObject m : messages) {
                String stream = m.getString("stream");
                long seq = m.getLong("seq");
                Long previous = last.put(stream, seq);
                if (previous != null && seq != previous + 1 && !"snapshot".equals(m.getString("type"))) {
                    throw new AssertionError("Stream " + stream + " went from " + previous + " to " + seq);
                }
            }
        }
    }

    @Override
    public void close() {
        if (!socket.isClosed()) {
            socket.close();
        }
    }
}
