package se.servicekontor.videomote.consoles;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The browser consoles under /desk/, /officer/, /admin/ (and the device screens). */
@ConfigMapping(prefix = "videomote.consoles")
public interface ConsolesConfig {

    /** Sign-in of staff screens with OpenID Connect (authorization code + PKCE, done in the browser). */
    Oidc oidc();

    interface Oidc {

        /**
         * The issuer URL of the identity provider (its {@code /.well-known/openid-configuration} is read by the
         * browser). Unset: the staff screens take {@code #token=} or, in demo mode, offer the demo identities.
         */
        Optional<String> issuer();

        /** The public client id registered for the consoles at the identity provider (no secret: PKCE). */
        @WithDefault("videomote-consoles")
        String clientId();

        /** The scopes asked for. */
        @WithDefault("openid")
        String scope();

        /**
         * Which token of the token response the consoles send as bearer: {@code access_token}, or {@code id_token}
         * where the provider puts the {@code groups} claim only there. It must verify with {@code mp.jwt.verify.*}.
         */
        @WithDefault("access_token")
        String tokenField();
    }
}
