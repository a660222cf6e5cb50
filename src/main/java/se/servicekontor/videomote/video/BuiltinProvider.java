package se.servicekontor.videomote.video;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import se.servicekontor.videomote.video.VideoSessionView.IceServer;

/**
 * The built-in provider: the two browsers connect to each other with WebRTC, and this service relays their
 * signaling over {@code /ws/v1/video/{sessionId}} ({@link VideoSocket}). Media never passes through the service;
 * TURN servers from configuration relay it where a direct path is blocked.
 */
@ApplicationScoped
class BuiltinProvider implements VideoProvider {

    static final String PATH = "/ws/v1/video/";

    private final JoinTokens tokens;
    private final VideoConfig.Ice ice;

    BuiltinProvider(JoinTokens tokens, VideoConfig config) {
        this.tokens = tokens;
        this.ice = config.ice();
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.BUILTIN;
    }

    /** A path on this service; the token goes in {@code ?token=} (browsers cannot set WebSocket headers). */
    @Override
    public String url(VideoSession session, Side side) {
        return PATH + session.id();
    }

    @Override
    public String token(VideoSession session, Side side, Instant now, Instant expiresAt) {
        return tokens.issue(session.id(), session.joinKey(), side, now, expiresAt);
    }

    @Override
    public List<IceServer> iceServers(VideoSession session, Instant now) {
        List<IceServer> servers = new ArrayList<>();
        ice.stunUrls().filter(urls -> !urls.isEmpty()).ifPresent(urls -> servers.add(new IceServer(List.copyOf(urls), null, null)));
        ice.turnUrls().filter(urls -> !urls.isEmpty()).ifPresent(urls -> {
            if (ice.turnSecret().isPresent()) {
                // TURN REST API (draft-uberti-behave-turn-rest): "<expiry>:<user>" signed with the shared secret.
                String username = now.plus(ice.turnCredentialTtl()).getEpochSecond() + ":videomote-" + session.id();
                servers.add(new IceServer(List.copyOf(urls), username, hmacSha1(ice.turnSecret().get(), username)));
            } else {
                servers.add(new IceServer(List.copyOf(urls), ice.turnUsername().orElse(null),
                        ice.turnCredential().orElse(null)));
            }
        });
        return servers;
    }

    static String hmacSha1(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }
}
