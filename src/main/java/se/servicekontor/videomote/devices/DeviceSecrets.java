package se.servicekontor.videomote.devices;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Device bearer tokens: {@value #PREFIX} and 256 random bits (base64url), so that they are told apart from the
 * identity provider's JWTs at a glance and cannot be guessed. Only their SHA-256 is stored: with 256 bits of entropy a
 * plain hash cannot be turned back into a token, and a fast hash keeps verification cheap.
 */
final class DeviceSecrets {

    static final String PREFIX = "vmd_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_LENGTH = PREFIX.length() + 43;

    private DeviceSecrets() {
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True for what looks like a device token; anything else is left to the identity provider's validator. */
    static boolean isDeviceToken(String token) {
        return token != null && token.startsWith(PREFIX);
    }

    /** True when {@code token} has the exact shape of one this service issues (cheap check before the database). */
    static boolean wellFormed(String token) {
        if (token.length() != TOKEN_LENGTH) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
