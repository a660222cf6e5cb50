package se.servicekontor.videomote.video;

import java.time.Instant;
import java.util.List;

import se.servicekontor.videomote.video.VideoSessionView.IceServer;

/**
 * A way to carry the call between the room terminal and the officer. {@code videomote.video.provider} chooses the
 * provider of new sessions; a session keeps the provider it was opened with. To add one, implement this as a CDI
 * bean and add its {@link ProviderKind}.
 */
interface VideoProvider {

    ProviderKind kind();

    /** Where {@code side} joins {@code session}: no secret, anyone who may see the session may see it. */
    String url(VideoSession session, Side side);

    /** A credential that admits {@code side} to {@code session} only, and stops working at {@code expiresAt}. */
    String token(VideoSession session, Side side, Instant now, Instant expiresAt);

    /** STUN/TURN servers for the session's peers; empty when the provider brings its own. */
    List<IceServer> iceServers(VideoSession session, Instant now);

    /** Throws when the provider is chosen for new sessions but cannot work with the configuration it has. */
    default void requireConfigured() {
    }
}
