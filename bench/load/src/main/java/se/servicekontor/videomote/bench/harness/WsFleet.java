package se.servicekontor.videomote.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Many WebSocket clients to one path, opened with a bounded number of handshakes in flight, each with the token in
 * the {@code Authorization} header (as a kiosk or desk application would). Pings are answered by Vert.x itself.
 */
public final class WsFleet implements AutoCloseable {

    /** Receives every client's messages on that client's event loop; must not block. */
    public interface Listener {

        void message(int client, String text, long receivedNanos);

        void closed(int client, Short code, String reason);
    }

    private final WebSocketClient client;
    private final WebSocket[] sockets;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> failures = new TreeMap<>();

    private WsFleet(WebSocketClient client, int n) {
        this.client = client;
        this.sockets = new WebSocket[n];
    }

    /** Opens {@code n} clients; returns once every attempt has succeeded or failed, or after {@code timeout}. */
    public static WsFleet connect(Vertx vertx, String host, int port, String path, String token, int n, int concurrency,
            Duration timeout, Listener listener) throws InterruptedException {
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 16)
                .setConnectTimeout(30_000).setMaxMessageSize(16 * 1024 * 1024).setMaxFrameSize(16 * 1024 * 1024));
        WsFleet fleet = new WsFleet(ws, n);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        Runnable[] start = new Runnable[1];
        start[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= n) {
                return;
            }
            // No request timeout here: on an upgraded connection it could still fire and close it with 1000 (see
            // docs/national-day.md); the client options' connect timeout bounds the handshake.
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path);
            if (token != null) {
                options.addHeader("Authorization", "Bearer " + token);
            }
            ws.connect(options).onComplete(ar -> {
                if (ar.succeeded()) {
                    WebSocket socket = ar.result();
                    socket.textMessageHandler(text -> listener.message(i, text, System.nanoTime()));
                    socket.closeHandler(v -> {
                        fleet.open.decrementAndGet();
                        listener.closed(i, socket.closeStatusCode(), socket.closeReason());
                    });
                    socket.exceptionHandler(e -> {
                    });
                    fleet.sockets[i] = socket;
                    fleet.open.incrementAndGet();
                } else {
                    fleet.fail(ar.cause());
                }
                if (finished.incrementAndGet() == n) {
                    all.complete(null);
                }
                start[0].run();
            });
        };
        if (n == 0) {
            all.complete(null);
        }
        for (int k = 0; k < Math.min(concurrency, n); k++) {
            vertx.runOnContext(v -> start[0].run());
        }
        try {
            all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            fleet.fail(new IllegalStateException("not connected within " + timeout));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return fleet;
    }

    private synchronized void fail(Throwable e) {
        String reason = e instanceof UpgradeRejectedException r ? "upgrade rejected " + r.getStatus()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        failures.merge(reason, 1, Integer::sum);
    }

    /** Clients open right now. */
    public int open() {
        return open.get();
    }

    /** Clients that could not connect, by reason. */
    public synchronized Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }

    public synchronized int failed() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Closes every client normally (1000) and waits for the closing handshakes, at most 60 s. */
    @Override
    public void close() throws InterruptedException {
        List<Future<Void>> closing = new ArrayList<>();
        for (WebSocket socket : sockets) {
            if (socket != null && !socket.isClosed()) {
                closing.add(socket.close((short) 1000));
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Future.join(closing).onComplete(ar -> done.complete(null));
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            System.err.println("closing clients: " + e);
        }
        client.close();
    }
}
