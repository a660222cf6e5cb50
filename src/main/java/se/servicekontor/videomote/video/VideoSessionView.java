package se.servicekontor.videomote.video;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A video session as one caller may see it. Each side's {@code token} is present only for who may join as that
 * side; {@code expiresAt} is when the tokens of this answer stop working (fetch again for fresh ones).
 * {@code iceServers} is for the built-in provider's peers (RTCIceServer).
 */
public record VideoSessionView(String provider, UUID sessionId, UUID visitId, UUID roomId, OffsetDateTime openedAt,
        Join officerJoin, Join roomJoin, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<IceServer> iceServers,
        OffsetDateTime expiresAt) {

    /** Where one side joins and, for who may join as that side, with what token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Join(String url, String token) {
    }

    /** A STUN or TURN server, shaped as the browser's RTCIceServer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IceServer(List<String> urls, String username, String credential) {
    }
}
