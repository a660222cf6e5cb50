package se.servicekontor.videomote.live;

import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The life of a live WebSocket connection: snapshot or resume, delivery with a bounded send buffer, heartbeat, and
 * close. Shared by the endpoints of every audience.
 *
 * <p>Close codes: 1001 when the instance shuts down (reconnect, to any instance, with {@code ?after=<last seq>});
 * {@value #TOO_SLOW} when a client left more than {@code videomote.live.max-pending-bytes} unread; {@value
 * #HEARTBEAT_TIMEOUT} when a client stopped answering pings.
 */
@ApplicationScoped
public class LiveSockets {

    public static final int GOING_AWAY = 1001;
    public static final int TOO_SLOW = 4008;
    public static final int HEARTBEAT_TIMEOUT = 4001;
    /** The client's {@code ?after=N}, parsed by {@link LiveUpgradeCheck}; absent without one. */
    static final UserData.TypedKey<Long> AFTER = new UserData.TypedKey<>("videomote.live.after");
    /** Who opened the connection, as the upgrade check found: snapshots with names are recorded in the access log. */
    static final UserData.TypedKey<se.servicekontor.videomote.security.Caller> CALLER =
            new UserData.TypedKey<>("videomote.live.caller");

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;
    private final LiveHub hub;
    private final Snapshots snapshots;
    private final LiveMessages messages;
    private final LiveQueries queries;
    private final LiveConfig config;
    private final Pool pool;

    LiveSockets(LiveHub hub, Snapshots snapshots, LiveMessages messages, LiveQueries queries, LiveConfig config,
            Pool pool, MeterRegistry metrics) {
        this.hub = hub;
        this.snapshots = snapshots;
        this.messages = messages;
        this.queries = queries;
        this.config = config;
        this.pool = pool;
        metrics.gauge("videomote.live.connections", clients, Map::size);
    }

    /**
     * Starts a connection: without {@code ?after} (or when the events after it are no longer kept) a snapshot then
     * every new event; with {@code ?after=N} exactly the events after N.
     */
    public Uni<Void> open(WebSocketConnection connection, Audience audience, String key) {
        // Called on the connection's event loop: deliveries to this client are batched onto it.
        Client client = new Client(connection, io.vertx.core.Vertx.currentContext());
        clients.put(connection.id(), client);
        String stream = audience.stream(key);
        Long after = connection.userData().get(AFTER); // parsed and checked before the upgrade
        if (after == null) {
            return snapshotThenEvents(client, connection, audience, key, false);
        }
        return resumable(stream, after).chain(ok -> ok
                ? hub.subscribe(stream, after, client, client.loop).invoke(client::add)
                        .chain(() -> snapshots.followed(pool, audience, key))
                        .chain(followed -> followLatest(client, followed, 0))
                : snapshotThenEvents(client, connection, audience, key, true));
    }

    /** Resuming: a followed stream carries state, so its latest kept event is sent again, then every new one. */
    private Uni<Void> followLatest(Client client, java.util.List<String> streams, int index) {
        if (index == streams.size()) {
            return Uni.createFrom().voidItem();
        }
        String stream = streams.get(index);
        return queries.lastRetained(stream)
                .chain(last -> last != null ? Uni.createFrom().item(last - 1) : queries.head(pool, stream))
                .chain(from -> hub.subscribe(stream, from, client, client.loop)).invoke(client::add)
                .chain(() -> followLatest(client, streams, index + 1));
    }

    public void closed(WebSocketConnection connection) {
        Client client = clients.remove(connection.id());
        if (client != null) {
            client.cancel();
        }
    }

    /**
     * A connection failed. A reset or a vanished peer is everyday life for kiosks and laptops: debug only. Anything
     * else is logged (class only: a message could quote a client's data) and the connection is closed.
     */
    public void failed(WebSocketConnection connection, Throwable failure) {
        if (failure instanceof java.io.IOException || failure instanceof io.vertx.core.http.HttpClosedException
                || failure.getCause() instanceof java.io.IOException) {
            Log.debugf("Live connection %s failed: %s", connection.id(), failure.getClass().getSimpleName());
        } else {
            Log.warnf("Live connection %s failed: %s", connection.id(), failure.getClass().getName());
        }
        Client client = clients.get(connection.id());
        if (client != null) {
            client.close(1011, "unexpected condition");
        }
    }

    public void pong(WebSocketConnection connection) {
        Client client = clients.get(connection.id());
        if (client != null) {
            client.lastPong = System.nanoTime();
        }
    }

    int connections() {
        return clients.size();
    }

    private Uni<Void> snapshotThenEvents(Client client, WebSocketConnection connection, Audience audience, String key,
            boolean resync) {
        String stream = audience.stream(key);
        return snapshots.read(audience, key, connection.userData().get(CALLER)).chain(snapshot -> {
            client.send(messages.snapshot(stream, snapshot.seq(), Instant.now(), resync, snapshot.data()));
            Uni<Void> subscribed = hub.subscribe(stream, snapshot.seq(), client, client.loop).invoke(client::add)
                    .replaceWithVoid();
            for (var followed : snapshot.followed().entrySet()) {
                subscribed = subscribed.chain(() -> hub.subscribe(followed.getKey(), followed.getValue(), client, client.loop))
                        .invoke(client::add).replaceWithVoid();
            }
            return subscribed;
        });
    }

    /** True when every event after {@code after} is still kept (or there is none). */
    private Uni<Boolean> resumable(String stream, long after) {
        return queries.head(pool, stream).chain(head -> {
            if (after > head) {
                return Uni.createFrom().item(false); // from the future: the client's state cannot be trusted
            }
            if (after == head) {
                return Uni.createFrom().item(true);
            }
            return queries.firstRetained(stream).map(first -> first != null && first <= after + 1);
        });
    }

    @Scheduled(every = "${videomote.live.heartbeat-check-interval:10s}", delayed = "1s")
    void heartbeat() {
        // Wall time, not the business clock: a heartbeat measures real silence.
        long deadline = System.nanoTime() - config.heartbeatTimeout().toNanos();
        for (Client client : clients.values()) {
            if (client.lastPong - deadline < 0) {
                Log.debugf("Closing live connection %s: no pong", client.connection.id());
                client.close(HEARTBEAT_TIMEOUT, "no answer to ping");
            }
        }
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeBatch(Instant.now().minus(config.retention())); // the log's own time, like EventLog's "at"
    }

    private Uni<Void> purgeBatch(Instant before) {
        return queries.purge(before, 10_000)
                .chain(n -> n == 10_000 ? purgeBatch(before) : Uni.createFrom().voidItem());
    }

    /**
     * Shutdown begins (readiness already reports down): tell every client to go elsewhere and resume there, before
     * the graceful wait for open requests. New upgrades are refused from now on.
     */
    void preShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
    }

    /** For shutdowns without a delay phase. */
    void shutdown(@Observes ShutdownEvent event) {
        closeAll();
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    private void closeAll() {
        shuttingDown = true;
        List<Client> open = new ArrayList<>(clients.values());
        List<Uni<Void>> closing = new ArrayList<>();
        for (Client client : open) {
            closing.add(client.closeNow(GOING_AWAY, "server shutting down; reconnect with ?after=<last seq>"));
        }
        if (!closing.isEmpty()) {
            Log.infof("Closing %d live connections for shutdown", closing.size());
            Uni.join().all(closing).andCollectFailures().onFailure().recoverWithNull()
                    .await().atMost(Duration.ofSeconds(5));
        }
    }

    /** One connected client: its subscriptions and its unsent bytes. */
    private final class Client implements LiveHub.Sink {

        private final WebSocketConnection connection;
        private final io.vertx.core.Context loop;
        private final AtomicLong pending = new AtomicLong();
        private final AtomicBoolean closing = new AtomicBoolean();
        private final List<LiveHub.Subscription> subscriptions = new CopyOnWriteArrayList<>();
        private volatile long lastPong;

        Client(WebSocketConnection connection, io.vertx.core.Context loop) {
            this.connection = connection;
            this.loop = loop;
            this.lastPong = System.nanoTime();
        }

        void add(LiveHub.Subscription subscription) {
            subscriptions.add(subscription);
            if (closing.get() || connection.isClosed()) {
                subscription.cancel(); // closed while it was being set up
            }
        }

        @Override
        public void deliver(StoredEvent event, String message) {
            send(message);
        }

        void send(String message) {
            if (closing.get()) {
                return;
            }
            long size = message.length();
            if (pending.addAndGet(size) > config.maxPendingBytes()) {
                Log.infof("Closing live connection %s: more than %d bytes unread", connection.id(), config.maxPendingBytes());
                close(TOO_SLOW, "too slow: send buffer limit exceeded; reconnect with ?after=<last seq>");
                return;
            }
            connection.sendText(message).subscribe().with(v -> pending.addAndGet(-size), e -> pending.addAndGet(-size));
        }

        void cancel() {
            subscriptions.forEach(LiveHub.Subscription::cancel);
        }

        void close(int code, String reason) {
            closeNow(code, reason).subscribe().with(v -> {
            }, e -> Log.debugf("Close of %s failed: %s", connection.id(), e.toString()));
        }

        Uni<Void> closeNow(int code, String reason) {
            if (!closing.compareAndSet(false, true)) {
                return Uni.createFrom().voidItem();
            }
            cancel();
            clients.remove(connection.id());
            return connection.isClosed() ? Uni.createFrom().voidItem() : connection.close(new CloseReason(code, reason));
        }
    }
}
