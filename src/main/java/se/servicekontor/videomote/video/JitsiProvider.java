package se.servicekontor.videomote.video;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import se.servicekontor.videomote.video.VideoSessionView.IceServer;

/**
 * Jitsi Meet with JWT authentication: one Jitsi room per session, entered with a JWT per side signed HS256 with the
 * application secret that prosody's {@code token} authentication shares. Claims: {@code iss} the app id,
 * {@code aud}, {@code sub} the domain, {@code room}, {@code nbf}/{@code exp}, and {@code context.user} (the officer
 * is moderator). The JWT is appended to the URL as {@code ?jwt=}.
 *
 * <p>Jitsi checks a JWT when a participant joins, so ending the session cannot take it back: the short lifetime
 * bounds when it can be used, and the service hands out no new one once the session has ended.
 */
@ApplicationScoped
class JitsiProvider implements VideoProvider {

    /** Display names in the call: a role, never a person's name. */
    static final String ROOM_NAME = "Besöksrum";
    static final String OFFICER_NAME = "Handläggare";

    private final VideoConfig.Jitsi jitsi;

    JitsiProvider(VideoConfig config) {
        this.jitsi = config.jitsi();
    }

    @Override
    public ProviderKind kind() {
        return ProviderKind.JITSI;
    }

    @Override
    public void requireConfigured() {
        if (jitsi.domain().isEmpty() || jitsi.appId().isEmpty() || jitsi.secret().isEmpty()) {
            throw new IllegalStateException("videomote.video.provider=jitsi needs videomote.video.jitsi.domain, "
                    + "videomote.video.jitsi.app-id and videomote.video.jitsi.secret");
        }
        if (jitsi.secret().get().getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("videomote.video.jitsi.secret must be at least 32 bytes for HS256");
        }
    }

    /** The Jitsi room of a session: unguessable, and nothing in it names the visitor. */
    String roomName(VideoSession session) {
        return (jitsi.roomPrefix() + session.id().toString().replace("-", "")).toLowerCase(Locale.ROOT);
    }

    @Override
    public String url(VideoSession session, Side side) {
        requireConfigured();
        return "https://" + domain() + "/" + roomName(session);
    }

    private String domain() {
        return jitsi.domain().get().toLowerCase(Locale.ROOT);
    }

    @Override
    public String token(VideoSession session, Side side, Instant now, Instant expiresAt) {
        requireConfigured();
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", (side == Side.ROOM ? session.roomId() : session.officerId()).toString());
        user.put("name", side == Side.ROOM ? ROOM_NAME : OFFICER_NAME);
        user.put("moderator", side == Side.OFFICER);
        user.put("affiliation", side == Side.OFFICER ? "owner" : "member");

        JwtClaims claims = new JwtClaims();
        claims.setIssuer(jitsi.appId().get());
        claims.setAudience(jitsi.audience());
        claims.setSubject(domain());
        claims.setStringClaim("room", roomName(session));
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond() - 5));
        claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        claims.setClaim("context", Map.of("user", user));
        return JoinTokens.signHs256(claims, jitsi.secret().get().getBytes(StandardCharsets.UTF_8), "Jitsi token");
    }

    @Override
    public List<IceServer> iceServers(VideoSession session, Instant now) {
        return List.of(); // Jitsi's own clients and bridge bring theirs
    }
}
