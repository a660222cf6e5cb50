package se.servicekontor.videomote.devices;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.security.DevicePrincipal;

/**
 * Marks a live WebSocket opened with a device token with that token's id, so that revoking the token closes it
 * ({@link DeviceRevocations}); refuses (401) a token this instance already knows to be revoked.
 */
@ApplicationScoped
class DeviceUpgradeCheck implements HttpUpgradeCheck {

    @Override
    public boolean appliesTo(String endpointId) {
        return endpointId.startsWith("live-");
    }

    private final DeviceTokens tokens;

    DeviceUpgradeCheck(DeviceTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().chain(identity -> {
            if (identity != null && identity.getPrincipal() instanceof DevicePrincipal device) {
                if (tokens.isRevoked(device.tokenId())) {
                    return CheckResult.rejectUpgrade(401);
                }
                context.userData().put(DeviceRevocations.TOKEN, device.tokenId().toString());
            }
            return CheckResult.permitUpgrade();
        });
    }
}
