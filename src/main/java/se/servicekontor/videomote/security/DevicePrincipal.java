package se.servicekontor.videomote.security;

import java.security.Principal;
import java.util.UUID;

/**
 * A paired device (kiosk, waiting-room display, room terminal) authenticated by its own bearer token. {@code tokenId}
 * names the token it presented (not secret), so that replacing or revoking that token can find what it opened.
 */
public record DevicePrincipal(UUID deviceId, UUID tokenId, String kind, String office, UUID room) implements Principal {

    /** The subject of a device: never personal data. */
    @Override
    public String getName() {
        return "device-" + deviceId;
    }
}
