package se.servicekontor.videomote.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import se.servicekontor.videomote.testing.Tokens;

/**
 * Bearer tokens are parsed by {@link JwtPrincipalFactory} (the parser the HTTP authentication uses is this CDI
 * bean), and its principal answers claims as smallrye-jwt's own does: standard claims by their type, the service's
 * own claims as they were issued. A verified token is remembered until it expires, then verified again.
 */
@QuarkusTest
class JwtPrincipalFactoryTest {

    @Inject
    JWTParser parser;

    @Test
    void shouldParseTokensIntoThePrincipalThatLooksClaimTypesUp() throws Exception {
        JsonWebToken jwt = parser.parse(Tokens.desk("office-one"));

        assertThat(jwt).isInstanceOf(JwtPrincipalFactory.Principal.class);
    }

    @Test
    void shouldReadTheServicesOwnClaimsAndTheStandardOnes() throws Exception {
        UUID officer = UUID.randomUUID();
        JsonWebToken jwt = parser.parse(Tokens.officer(officer, "skv"));

        assertThat(jwt.getSubject()).isEqualTo(officer.toString());
        assertThat(jwt.getGroups()).contains(Roles.OFFICER);
        assertThat(jwt.<Object>getClaim("agency").toString()).contains("skv");
        assertThat(jwt.<Object>getClaim("office")).isNull();
        assertThat(jwt.getExpirationTime()).isGreaterThan(jwt.getIssuedAtTime());
    }

    @Test
    void shouldRememberAVerifiedTokenUntilItExpiresAndThenVerifyItAgain() throws Exception {
        String token = TokenIssuer.officer(UUID.randomUUID(), "skv", Duration.ofSeconds(1));

        JsonWebToken first = parser.parse(token);
        assertThat(parser.parse(token)).isSameAs(first);
        assertThat(parser.parse(Tokens.officer(UUID.randomUUID(), "skv"))).isNotSameAs(first);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> System.currentTimeMillis() / 1000 >= first.getExpirationTime());
        // Past its expiry it is parsed again: within the parser's clock skew it is still accepted, as a new principal.
        assertThat(parser.parse(token)).isNotSameAs(first);
    }

    @Test
    void shouldTypeStandardClaimsAndLeaveOthersUnknown() {
        JwtPrincipalFactory.Principal principal = new JwtPrincipalFactory.Principal("JWT",
                new org.jose4j.jwt.JwtClaims());

        assertThat(principal.getClaimType("exp")).isEqualTo(Claims.exp);
        assertThat(principal.getClaimType("groups")).isEqualTo(Claims.groups);
        assertThat(principal.getClaimType("office")).isEqualTo(Claims.UNKNOWN);
    }
}
