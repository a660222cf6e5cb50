package se.servicekontor.videomote.devices;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Accepts device bearer tokens wherever a bearer token is read (REST, and WebSocket upgrades with the header or the
 * browser's subprotocol form): SmallRye JWT's mechanism extracts the token, and this provider, asked before the JWT
 * validator, answers for tokens with the device prefix. Anything else it declines (a null identity), so the identity
 * provider's JWTs are validated exactly as before.
 */
@ApplicationScoped
class DeviceIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final DeviceTokens tokens;

    DeviceIdentityProvider(DeviceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before the JWT validator (the default, 1001; higher runs first): a device token never reaches it. */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (!DeviceSecrets.isDeviceToken(token)) {
            return Uni.createFrom().nullItem();
        }
        return tokens.verify(token).map(device -> {
            if (device == null) {
                throw new AuthenticationFailedException("Unknown or revoked device token");
            }
            return QuarkusSecurityIdentity.builder().setPrincipal(device)
                    .addRole(DeviceKind.valueOf(device.kind()).role())
                    .addAttribute("device", device.deviceId().toString()).build();
        });
    }
}
