package se.servicekontor.videomote.video;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Video sessions: which provider new sessions use, the join tokens, the limits of the built-in signaling relay, the
 * STUN/TURN servers handed to its peers, and the Jitsi Meet settings. Optional properties have no default because
 * no value would be right for every deployment.
 */
@ConfigMapping(prefix = "videomote.video")
public interface VideoConfig {

    /** The provider of new sessions: {@code builtin} (this service relays WebRTC signaling) or {@code jitsi}. */
    @WithDefault("builtin")
    ProviderKind provider();

    /**
     * Lifetime of a join token. Only connecting needs a valid token, so it can be short; a side that reconnects
     * later fetches its join again.
     */
    @WithDefault("5m")
    Duration joinTokenTtl();

    /** Largest signaling message (UTF-8 bytes) a peer may send; a larger one closes its socket with 1009. */
    @WithDefault("32768")
    int maxMessageBytes();

    /** Signaling messages per second a peer may send on average; exceeding it closes its socket with 4429. */
    @WithDefault("10")
    int rateLimitPerSecond();

    /** Signaling messages a peer may send at once (an offer and its burst of ICE candidates). */
    @WithDefault("50")
    int rateLimitBurst();

    /** How often the server pings each signaling peer and renews the lease of the peers it holds. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /**
     * A peer that has not answered pings for this long is closed (4001); a lease not renewed for this long (its
     * instance died) may be taken over by a new connection of the same side.
     */
    @WithDefault("15s")
    Duration peerTimeout();

    /** How long after its session ended the relayed signaling (which holds the peers' IP addresses) is kept. */
    @WithDefault("2m")
    Duration relayRetention();

    /** STUN and TURN servers for the built-in provider, handed to both sides in the session answer. */
    Ice ice();

    /** Jitsi Meet, for offices that run one. */
    Jitsi jitsi();

    /** STUN/TURN servers (RTCIceServer) for the peers of the built-in provider. */
    interface Ice {

        /** STUN server URLs, e.g. {@code stun:stun.example.se:3478}. */
        Optional<List<String>> stunUrls();

        /** TURN server URLs, e.g. {@code turn:turn.example.se:3478?transport=udp}, {@code turns:turn.example.se:5349}. */
        Optional<List<String>> turnUrls();

        /**
         * Shared secret of the TURN server's REST API (coturn {@code use-auth-secret}): each answer then carries
         * credentials of its own that expire after {@link #turnCredentialTtl()}. Preferred over static credentials.
         */
        Optional<String> turnSecret();

        /** Static TURN user name, used when no {@link #turnSecret()} is set. */
        Optional<String> turnUsername();

        /** Static TURN password, used when no {@link #turnSecret()} is set. */
        Optional<String> turnCredential();

        /** Lifetime of TURN REST credentials; long enough for a whole meeting, as TURN refreshes re-use them. */
        @WithDefault("8h")
        Duration turnCredentialTtl();
    }

    /** A Jitsi Meet deployment with JWT authentication (prosody {@code token} auth, shared secret, HS256). */
    interface Jitsi {

        /** The Jitsi Meet host, e.g. {@code meet.example.se}; the JWT's {@code sub}. */
        Optional<String> domain();

        /** The application id configured in prosody ({@code app_id}); the JWT's {@code iss}. */
        Optional<String> appId();

        /** The application secret configured in prosody ({@code app_secret}); at least 32 bytes. */
        Optional<String> secret();

        /** The JWT's {@code aud}, as accepted by prosody's {@code asap_accepted_audiences}. */
        @WithDefault("jitsi")
        String audience();

        /** Prefix of the per-session Jitsi room names. */
        @WithDefault("videomote-")
        String roomPrefix();
    }
}
