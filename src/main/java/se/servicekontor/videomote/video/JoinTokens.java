package se.servicekontor.videomote.video;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Join tokens of the built-in provider: compact HS256 JWTs {@code {iss, aud, sub: sessionId, side, iat, exp}}
 * signed with the session's own random key ({@code video_session.join_key}).
 *
 * <p>A key per session binds a token to its session twice over (signature and {@code sub}); the {@code side}
 * claim is covered by the signature; ending the session erases the key, so every token of it stops working at once,
 * before it expires. Every instance verifies with the key it reads from the database: nothing to share or rotate.
 */
@ApplicationScoped
class JoinTokens {

    static final String ISSUER = "videomote";
    static final String AUDIENCE = "videomote-video";
    static final int KEY_BYTES = 32;
    /** Tolerated clock difference between the instance that issued a token and the one that checks it. */
    private static final int CLOCK_SKEW_SECONDS = 5;

    private final SecureRandom random = new SecureRandom();

    /** A fresh session key. */
    byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    String issue(UUID sessionId, byte[] key, Side side, Instant now, Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(sessionId.toString());
        claims.setStringClaim("side", side.wire());
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(expiresAt.toEpochMilli()));
        return signHs256(claims, key, "join token");
    }

    /** A compact HS256 JWT of {@code claims}: the join tokens here, and the Jitsi provider's. */
    static String signHs256(JwtClaims claims, byte[] key, String what) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(new HmacKey(key));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a " + what, e);
        }
    }

    /** The side a valid token of session {@code sessionId} admits at {@code now}, or null for any invalid token. */
    Side verify(String token, UUID sessionId, byte[] key, Instant now) {
        if (token == null || token.isEmpty() || key == null) {
            return null;
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setVerificationKey(new HmacKey(key))
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setExpectedSubject(sessionId.toString())
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .build();
        try {
            return Side.fromWire(consumer.processToClaims(token).getStringClaimValue("side"));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return null;
        }
    }
}
