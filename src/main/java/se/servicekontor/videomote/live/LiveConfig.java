package se.servicekontor.videomote.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Live status delivery over WebSockets. */
@ConfigMapping(prefix = "videomote.live")
public interface LiveConfig {

    /**
     * How often each instance compares the heads of its streams with what it has delivered: the fallback that turns a
     * lost notification (or a dropped listener connection) into a delay instead of a loss.
     */
    @WithDefault("1s")
    Duration catchUpInterval();

    /** How long events are kept for clients that resume with {@code ?after=N}; older ones get a resync snapshot. */
    @WithDefault("24h")
    Duration retention();

    /** Bytes a client may leave unread before it is closed as too slow (code 4008); others are never slowed. */
    @WithDefault("1048576")
    long maxPendingBytes();

    /** Events read per query when delivering or catching up. */
    @WithDefault("500")
    int fetchSize();

    /** A client that has not answered the server's pings for this long is considered dead and closed. */
    @WithDefault("60s")
    Duration heartbeatTimeout();

    /** How often connections are checked for missing pongs. */
    @WithDefault("10s")
    Duration heartbeatCheckInterval();

    /** Wait between attempts to re-establish the LISTEN connection. */
    @WithDefault("1s")
    Duration listenerRetry();
}
