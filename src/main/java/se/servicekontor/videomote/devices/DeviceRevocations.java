package se.servicekontor.videomote.devices;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import se.servicekontor.videomote.live.LiveHub;
import se.servicekontor.videomote.live.StoredEvent;

/**
 * Makes a revoked or replaced device token stop on this instance: follows the {@value DeviceService#STREAM} stream of
 * the event log (woken by the same NOTIFY as live status, with the 1 s catch-up behind it), drops the token from the
 * cache, and closes every WebSocket opened with it with {@value #REVOKED}.
 */
@ApplicationScoped
class DeviceRevocations implements LiveHub.Sink {

    /** Close code of a WebSocket whose device token was revoked or replaced. */
    static final int REVOKED = 4003;
    /** The token id a WebSocket was opened with, set by {@link DeviceUpgradeCheck}; absent for other callers. */
    static final UserData.TypedKey<String> TOKEN = new UserData.TypedKey<>("videomote.device.token");

    private final LiveHub hub;
    private final Pool pool;
    private final DeviceTokens tokens;
    private final OpenConnections connections;
    private final ObjectMapper json;
    private final Vertx vertx;
    private volatile LiveHub.Subscription subscription;
    private volatile boolean stopping;

    DeviceRevocations(LiveHub hub, Pool pool, DeviceTokens tokens, OpenConnections connections, ObjectMapper json,
            Vertx vertx) {
        this.hub = hub;
        this.pool = pool;
        this.tokens = tokens;
        this.connections = connections;
        this.json = json;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        follow();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    /** From the stream's current head: nothing older matters, this instance has cached nothing yet. */
    private void follow() {
        hub.head(pool, DeviceService.STREAM).chain(head -> hub.subscribe(DeviceService.STREAM, head, this))
                .subscribe().with(s -> {
                    subscription = s;
                    Log.debug("Following device revocations");
                }, e -> {
                    if (!stopping) {
                        Log.warnf("Cannot follow device revocations yet (%s); retrying", e.getClass().getSimpleName());
                        vertx.setTimer(Duration.ofSeconds(1).toMillis(), id -> follow());
                    }
                });
    }

    @Override
    public boolean wantsMessage() {
        return false;
    }

    @Override
    public void deliver(StoredEvent event, String message) {
        UUID tokenId;
        try {
            JsonNode data = json.readTree(event.data());
            tokenId = UUID.fromString(data.path("tokenId").asText());
        } catch (Exception e) {
            Log.warnf("Ignoring malformed %s event %d", event.type(), event.seq());
            return;
        }
        revoked(tokenId);
    }

    /** Drops {@code tokenId} here and closes what it opened. */
    void revoked(UUID tokenId) {
        tokens.invalidate(tokenId);
        String id = tokenId.toString();
        int closed = 0;
        for (WebSocketConnection connection : connections) {
            if (id.equals(connection.userData().get(TOKEN)) && connection.isOpen()) {
                closed++;
                connection.close(new CloseReason(REVOKED, "device token revoked")).subscribe().with(v -> {
                }, e -> Log.debugf("Closing %s failed: %s", connection.id(), e.getClass().getSimpleName()));
            }
        }
        if (closed > 0) {
            Log.infof("Closed %d WebSocket connections of a revoked device token", closed);
        }
    }
}
