package se.servicekontor.videomote.video;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.TokenBucket;
import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.live.LiveHub;
import se.servicekontor.videomote.live.StoredEvent;

/**
 * The peers of the signaling relay connected to this instance. A message from one side is appended to the other
 * side's relay stream ({@code video:<sessionId>:<side>}) in a transaction that first takes the session's row lock,
 * so nothing is relayed once the session has ended; the other side's instance, whichever it is, delivers it through
 * {@link LiveHub}, in order and exactly once. Each peer's messages are relayed in arrival order, a batch per
 * transaction.
 *
 * <p>Close codes: 1001 the instance shuts down (fetch a fresh join and reconnect); 1009 a message over
 * {@code videomote.video.max-message-bytes}; 4001 no answer to pings; 4409 the side's lease was lost (another
 * connection took it over); 4410 the session ended (after {@code bye}); 4429 over the rate limit; 1011 the relay
 * failed.
 */
@ApplicationScoped
class SignalingRelay {

    static final int GOING_AWAY = 1001;
    static final int TOO_BIG = 1009;
    static final int INTERNAL_ERROR = 1011;
    static final int HEARTBEAT_TIMEOUT = 4001;
    static final int LEASE_LOST = 4409;
    static final int SESSION_ENDED = 4410;
    static final int RATE_LIMITED = 4429;

    private static final int BATCH = 50;
    private static final Buffer PING = Buffer.buffer("videomote");
    /** Queued after a peer's last message: release its side once everything before it is relayed. */
    private static final ObjectNode LEAVE = JsonNodeFactory.instance.objectNode();

    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    /**
     * Rate limits per session and side, kept across reconnects so that reconnecting does not refill the bucket.
     * Bounded: a bucket that is full again is forgotten (that changes nothing), so only sides active within the last
     * burst / rate seconds are kept. Per instance: a side that reconnects to another instance starts afresh there.
     */
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;
    private final Db db;
    private final Pool pool;
    private final VideoQueries queries;
    private final LiveHub hub;
    private final VideoConfig config;
    private final ObjectMapper json;

    SignalingRelay(Db db, Pool pool, VideoQueries queries, LiveHub hub, VideoConfig config, ObjectMapper json,
            MeterRegistry metrics) {
        this.db = db;
        this.pool = pool;
        this.queries = queries;
        this.hub = hub;
        this.config = config;
        this.json = json;
        metrics.gauge("videomote.video.peers", peers, Map::size);
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /** An admitted connection: greet it, then deliver its relay stream from where admission read it. */
    Uni<Void> open(WebSocketConnection connection) {
        Admission admission = connection.userData().get(Admission.KEY);
        if (admission == null) {
            return connection.close(new CloseReason(INTERNAL_ERROR, "not admitted"));
        }
        Peer peer = new Peer(connection, admission);
        peers.put(connection.id(), peer);
        Log.infof("The %s joined video session %s", admission.side().wire(), admission.sessionId());
        peer.send(SignalMessages.welcome(admission.sessionId(), admission.side(), admission.holder(), admission.peer()));
        return hub.subscribe(VideoEvents.inbox(admission.sessionId(), admission.side()), admission.inboxHead(), peer)
                .invoke(peer::subscribed)
                .onFailure().invoke(e -> {
                    Log.warnf("Cannot deliver video session %s to its %s: %s", admission.sessionId(),
                            admission.side().wire(), e.toString());
                    peer.close(INTERNAL_ERROR, "relay unavailable; reconnect");
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * A message from a peer, on the event loop in arrival order: limited first (size, then rate), then checked and
     * queued for relay.
     */
    void received(WebSocketConnection connection, String text) {
        Peer peer = peers.get(connection.id());
        if (peer == null || peer.closing.get()) {
            return;
        }
        if (text.length() > config.maxMessageBytes()
                || (text.length() * 3L > config.maxMessageBytes()
                        && text.getBytes(StandardCharsets.UTF_8).length > config.maxMessageBytes())) {
            peer.close(TOO_BIG, "message larger than " + config.maxMessageBytes() + " bytes");
            return;
        }
        if (!peer.bucket.tryTake(System.nanoTime())) {
            Log.infof("Closing the %s of video session %s: over the rate limit", peer.side().wire(), peer.sessionId());
            peer.close(RATE_LIMITED, "rate limit exceeded");
            return;
        }
        SignalMessages.Parsed parsed = SignalMessages.parse(json, text, peer.side(), peer.admission.holder());
        if (parsed.relayed() == null) {
            peer.send(SignalMessages.error(parsed.problem()));
            return;
        }
        peer.outbox.add(parsed.relayed());
        peer.flush();
    }

    void pong(WebSocketConnection connection) {
        Peer peer = peers.get(connection.id());
        if (peer != null) {
            peer.lastPong = System.nanoTime();
        }
    }

    /** The connection is closed, by the peer or by the server. */
    Uni<Void> closed(WebSocketConnection connection) {
        Peer peer = peers.get(connection.id());
        if (peer != null) {
            peer.finish();
        }
        return Uni.createFrom().voidItem();
    }

    /** Locks the session row first, like admission and relaying, so the three never wait on each other in a circle. */
    private Uni<Void> leave(Peer peer) {
        UUID holder = peer.admission.holder();
        return db.inTransaction(tx -> queries.lock(tx.connection(), peer.sessionId())
                .chain(session -> queries.release(tx.connection(), holder).invoke(held -> {
                    if (held && session != null && session.open()) {
                        tx.emit(new Event(VideoEvents.inbox(peer.sessionId(), peer.side().other()), VideoEvents.SIGNAL,
                                SignalMessages.presence("peer-left", peer.side(), holder)));
                    }
                })).replaceWithVoid());
    }

    /**
     * Pings every peer, closes those that stopped answering, and renews the leases of the others; a peer whose lease
     * was taken over meanwhile (the database was unreachable for longer than the peer timeout) is closed.
     */
    @Scheduled(every = "${videomote.video.heartbeat-interval:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        forgetFullBuckets(System.nanoTime());
        if (peers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long deadline = System.nanoTime() - config.peerTimeout().toNanos();
        List<Peer> alive = new ArrayList<>();
        for (Peer peer : peers.values()) {
            if (peer.closing.get()) {
                continue;
            }
            if (peer.lastPong - deadline < 0) {
                Log.infof("Closing the %s of video session %s: no answer to ping", peer.side().wire(), peer.sessionId());
                peer.close(HEARTBEAT_TIMEOUT, "no answer to ping");
            } else {
                peer.connection.sendPing(PING).subscribe().with(ok -> {
                }, e -> Log.debugf("Ping failed: %s", e.toString()));
                alive.add(peer);
            }
        }
        if (alive.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return queries.renew(pool, alive.stream().map(p -> p.admission.holder()).toList())
                .invoke(renewed -> closeUnrenewed(alive, renewed))
                .onFailure().invoke(e -> Log.warnf("Cannot renew video peer leases: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static void closeUnrenewed(List<Peer> alive, Set<UUID> renewed) {
        for (Peer peer : alive) {
            if (!renewed.contains(peer.admission.holder()) && !peer.closing.get()) {
                Log.infof("Closing the %s of video session %s: its lease was lost", peer.side().wire(), peer.sessionId());
                peer.close(LEASE_LOST, "lease lost; fetch a fresh join and reconnect");
            }
        }
    }

    void preShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        closeAll();
    }

    void shutdown(@Observes ShutdownEvent event) {
        closeAll();
    }

    /** Shutdown begins: release every side held here so that it can reconnect to another instance at once. */
    private void closeAll() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        List<Peer> open = new ArrayList<>(peers.values());
        if (open.isEmpty()) {
            return;
        }
        Log.infof("Closing %d video signaling connections for shutdown", open.size());
        // Released before the close frames go out: a peer that reconnects at once must find its side free.
        Uni<Void> released = queries.releaseAll(pool, open.stream().map(p -> p.admission.holder()).toList())
                .onFailure().invoke(e -> Log.warnf("Cannot release video peers on shutdown: %s", e.toString()))
                .onFailure().recoverWithNull();
        released.chain(() -> {
            List<Uni<Void>> closing = new ArrayList<>();
            for (Peer peer : open) {
                closing.add(peer.closeNow(GOING_AWAY, "server shutting down; fetch a fresh join and reconnect"));
            }
            return Uni.join().all(closing).andCollectFailures().onFailure().recoverWithNull().replaceWithVoid();
        }).ifNoItem().after(Duration.ofSeconds(5)).recoverWithItem((Void) null).await().indefinitely();
    }

    /** The rate limit of a session's side, the same one after a reconnect. */
    private TokenBucket bucketOf(Admission admission) {
        long now = System.nanoTime();
        forgetFullBuckets(now);
        return buckets.computeIfAbsent(bucketKey(admission),
                key -> new TokenBucket(config.rateLimitBurst(), config.rateLimitPerSecond(), now));
    }

    private static String bucketKey(Admission admission) {
        return admission.sessionId() + ":" + admission.side().wire();
    }

    private void forgetFullBuckets(long now) {
        buckets.values().removeIf(b -> b.isFull(now));
    }

    /** Relays {@code messages} to {@code to}'s stream unless the session has ended; false when it has. */
    private Uni<Boolean> relay(UUID sessionId, Side to, List<ObjectNode> messages) {
        return db.inTransaction(tx -> queries.lock(tx.connection(), sessionId).map(session -> {
            if (session == null || !session.open()) {
                return false;
            }
            String stream = VideoEvents.inbox(sessionId, to);
            for (ObjectNode message : messages) {
                tx.emit(new Event(stream, VideoEvents.SIGNAL, message));
            }
            return true;
        }));
    }

    /** One connected peer: its limits, its queue of messages to relay, and its relay stream subscription. */
    private final class Peer implements LiveHub.Sink {

        private final WebSocketConnection connection;
        private final Admission admission;
        private final TokenBucket bucket;
        private final Queue<ObjectNode> outbox = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean flushing = new AtomicBoolean();
        private final AtomicBoolean closing = new AtomicBoolean();
        private final AtomicBoolean finished = new AtomicBoolean();
        private volatile LiveHub.Subscription subscription;
        private volatile long lastPong;

        Peer(WebSocketConnection connection, Admission admission) {
            this.connection = connection;
            this.admission = admission;
            this.bucket = bucketOf(admission);
            this.lastPong = System.nanoTime(); // liveness is measured in real time, not business time
        }

        UUID sessionId() {
            return admission.sessionId();
        }

        Side side() {
            return admission.side();
        }

        void subscribed(LiveHub.Subscription subscription) {
            this.subscription = subscription;
            if (closing.get() || connection.isClosed()) {
                subscription.cancel(); // closed while it was being set up
            }
        }

        void cancel() {
            LiveHub.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        /**
         * The peer is gone, or is being closed by the server: stop delivering to it and, once what it sent before has
         * been relayed, release its side and tell the other side (unless the session has ended). On shutdown
         * {@link #closeAll} releases every side at once instead.
         */
        void finish() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            closing.set(true);
            peers.remove(connection.id(), this);
            // Kept for a reconnect: it may have been forgotten while full, before this connection drained it.
            buckets.put(bucketKey(admission), bucket);
            cancel();
            Log.infof("The %s left video session %s", side().wire(), sessionId());
            if (!shuttingDown) {
                outbox.add(LEAVE);
                flush();
            }
        }

        /** A peer sends each event's data as it is: the relayed signaling message itself. */
        @Override
        public boolean wantsMessage() {
            return false;
        }

        @Override
        public void deliver(StoredEvent event, String message) {
            if (closing.get()) {
                return;
            }
            if (VideoEvents.END.equals(event.type())) {
                finish();
                connection.sendText(event.data()).onFailure().recoverWithNull()
                        .chain(() -> connection.isClosed() ? Uni.createFrom().voidItem()
                                : connection.close(new CloseReason(SESSION_ENDED, "session ended")))
                        .subscribe().with(ok -> {
                        }, e -> Log.debugf("Close failed: %s", e.toString()));
                return;
            }
            send(event.data());
        }

        void send(String text) {
            connection.sendText(text).subscribe().with(ok -> {
            }, e -> Log.debugf("Send to the %s of video session %s failed: %s", side().wire(), sessionId(), e.toString()));
        }

        /**
         * Relays queued messages a batch per transaction, one transaction at a time, so they stay in order; then,
         * once the peer has gone, releases its side.
         */
        void flush() {
            if (!flushing.compareAndSet(false, true)) {
                return;
            }
            List<ObjectNode> batch = new ArrayList<>();
            boolean leaving = outbox.peek() == LEAVE;
            if (leaving) {
                outbox.poll();
            } else {
                for (ObjectNode m; batch.size() < BATCH && (m = outbox.peek()) != null && m != LEAVE;) {
                    batch.add(outbox.poll());
                }
            }
            if (!leaving && batch.isEmpty()) {
                flushing.set(false);
                if (!outbox.isEmpty()) {
                    flush();
                }
                return;
            }
            Uni<Boolean> step = leaving ? leave(this).replaceWith(true) : relay(sessionId(), side().other(), batch);
            step.subscribe().with(relayed -> {
                if (!relayed) {
                    Log.debugf("Dropped %d messages for ended video session %s", batch.size(), sessionId());
                }
                flushing.set(false);
                if (!outbox.isEmpty()) {
                    flush();
                }
            }, e -> {
                Log.warnf("Relay for video session %s failed: %s", sessionId(), e.toString());
                outbox.clear();
                flushing.set(false);
                close(INTERNAL_ERROR, "relay failed; reconnect");
            });
        }

        void close(int code, String reason) {
            closeNow(code, reason).subscribe().with(v -> {
            }, e -> Log.debugf("Close of %s failed: %s", connection.id(), e.toString()));
        }

        Uni<Void> closeNow(int code, String reason) {
            if (!closing.compareAndSet(false, true)) {
                return Uni.createFrom().voidItem();
            }
            finish();
            return connection.isClosed() ? Uni.createFrom().voidItem() : connection.close(new CloseReason(code, reason));
        }
    }
}
