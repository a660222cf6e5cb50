package se.servicekontor.videomote.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Makes the principal of a bearer token exactly as smallrye-jwt's default factory does (same parser, same checks),
 * except that a claim the MicroProfile JWT specification does not name costs no exception.
 *
 * <p>smallrye-jwt finds a claim's type with {@code Claims.valueOf(name)} and catches the
 * {@code IllegalArgumentException} for every other name. Our tokens carry three such claims (office, room, agency),
 * read for every request ({@link Caller#of}), and each miss filled in a stack trace as deep as the reactive pipeline:
 * perf found 5% of the service's CPU there in the queue cycle. The lookup here is a map.
 *
 * <p>It also remembers the tokens it verified, for {@link #REMEMBER_FOR} and never past their expiry: a console sends
 * the same token with every request for as long as it lives, and verifying it (an RSA signature, JSON, the claims'
 * checks) took another 8% of the service's CPU. A token is remembered only after the parser accepted it, for the same
 * verification settings only, and is parsed and checked again after that, so the parser's own clock skew still
 * decides when an expired token is refused, and a key taken out of a remote key set stops accepting its tokens within
 * five minutes. These tokens cannot be revoked before they expire in any case (device tokens, which can, are not JWTs
 * and never come here). At most {@value #REMEMBERED} are kept; beyond that stale ones go first, then all.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class JwtPrincipalFactory extends JWTCallerPrincipalFactory {

    static final int REMEMBERED = 10_000;
    static final Duration REMEMBER_FOR = Duration.ofMinutes(5);

    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** A token the parser accepted with {@code settings}, good until {@code until} (epoch seconds). */
    private record Verified(JWTAuthContextInfo settings, Principal principal, long until) {
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo authContextInfo) throws ParseException {
        long now = System.currentTimeMillis() / 1000;
        Verified known = verified.get(token);
        if (known != null && known.settings() == authContextInfo && known.until() > now) {
            return known.principal();
        }
        JwtContext context = parser.parse(token, authContextInfo);
        String type = context.getJoseObjects().get(0).getHeader("typ");
        Principal principal = new Principal(type, context.getJwtClaims());
        if (verified.size() >= REMEMBERED) {
            verified.values().removeIf(v -> v.until() <= now);
            if (verified.size() >= REMEMBERED) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(authContextInfo, principal,
                Math.min(principal.getExpirationTime(), now + REMEMBER_FOR.toSeconds())));
        return principal;
    }

    /** smallrye-jwt's principal with the claim type looked up in a map instead of by a caught exception. */
    static final class Principal extends DefaultJWTCallerPrincipal {

        private static final Map<String, Claims> STANDARD = Arrays.stream(Claims.values())
                .collect(Collectors.toUnmodifiableMap(Claims::name, Function.identity()));

        Principal(String type, JwtClaims claims) {
            super(type, claims);
        }

        @Override
        protected Claims getClaimType(String name) {
            return STANDARD.getOrDefault(name, Claims.UNKNOWN);
        }
    }
}
