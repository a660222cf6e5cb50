package se.servicekontor.videomote.live;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * One LISTEN connection per instance on {@link EventLog#CHANNEL}. A notification only wakes the stream up: the
 * events themselves are read from the table, so a lost notification costs a delay (until the next catch-up) and
 * never an event. The connection re-establishes itself, and every re-subscription triggers a full catch-up.
 */
@ApplicationScoped
public class LiveListener {

    /** The application_name of the LISTEN connection, so that operators (and tests) can find it. */
    public static final String APPLICATION_NAME = "videomote-live-listener";

    private final Vertx vertx;
    private final LiveHub hub;
    private final LiveConfig config;
    private final String url;
    private final String user;
    private final String password;
    private volatile PgSubscriber subscriber;
    private volatile boolean stopping;

    LiveListener(Vertx vertx, LiveHub hub, LiveConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") java.util.Optional<String> password) {
        this.vertx = vertx;
        this.hub = hub;
        this.config = config;
        this.url = url;
        this.user = user;
        this.password = password.orElse("");
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password)
                .setProperties(Map.of("application_name", APPLICATION_NAME));
        long retry = config.listenerRetry().toMillis();
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> stopping ? -1L : retry);
        subscriber.channel(EventLog.CHANNEL)
                .subscribeHandler(v -> {
                    Log.debug("Listening for live events");
                    hub.wakeAll();
                })
                .handler(this::notified);
        subscriber.closeHandler(v -> {
            if (!stopping) {
                Log.warn("Live listener connection lost for good; reconnecting");
                connect(retry);
            }
        });
        connect(retry);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private void connect(long retry) {
        subscriber.connect().onFailure(e -> {
            if (!stopping) {
                Log.warnf("Live listener cannot connect (%s); retrying in %d ms", e.getMessage(), retry);
                vertx.setTimer(retry, id -> connect(retry));
            }
        });
    }

    private void notified(String payload) {
        int space = payload.lastIndexOf(' ');
        if (space <= 0) {
            return;
        }
        try {
            hub.wake(payload.substring(0, space), Long.parseLong(payload.substring(space + 1)));
        } catch (NumberFormatException e) {
            Log.debugf("Ignoring malformed live notification");
        }
    }
}
