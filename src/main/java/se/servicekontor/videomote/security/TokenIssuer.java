package se.servicekontor.videomote.security;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Mints bearer tokens with the configured signing key ({@code smallrye.jwt.sign.key.location}). Only demo mode and
 * the tests have a signing key; in production tokens come from the identity provider and this is never called.
 */
public final class TokenIssuer {

    private TokenIssuer() {
    }

    public static String admin(String subject, Duration lifetime) {
        return base(subject, Set.of(Roles.ADMIN), lifetime).sign();
    }

    public static String desk(String subject, String officeId, Duration lifetime) {
        return base(subject, Set.of(Roles.DESK), lifetime).claim("office", officeId).sign();
    }

    public static String kiosk(String subject, String officeId, Duration lifetime) {
        return base(subject, Set.of(Roles.KIOSK), lifetime).claim("office", officeId).sign();
    }

    public static String room(String officeId, UUID roomId, Duration lifetime) {
        return base("room-" + roomId, Set.of(Roles.ROOM), lifetime).claim("office", officeId)
                .claim("room", roomId.toString()).sign();
    }

    public static String officer(UUID officerId, String agency, Duration lifetime) {
        return base(officerId.toString(), Set.of(Roles.OFFICER), lifetime).claim("agency", agency).sign();
    }

    private static JwtClaimsBuilder base(String subject, Set<String> roles, Duration lifetime) {
        return Jwt.subject(subject).upn(subject).groups(roles).expiresIn(lifetime);
    }
}
