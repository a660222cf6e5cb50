package se.servicekontor.videomote.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

/**
 * Personal numbers at rest: AES-GCM with a key from configuration, the key id stored with the ciphertext
 * ({@code id:base64(nonce | ciphertext | tag)}) so keys can rotate, and the owning row's id as associated data so a
 * ciphertext cannot be copied onto another row. Lookups use an HMAC-SHA-256 of the normalised number under a key of
 * its own, stored with the key's fingerprint; that key rotates too: previous lookup keys are still tried until every
 * stored hash is under the current one. Refuses to start with missing or malformed keys.
 */
@Startup
@ApplicationScoped
public class PersonalNumbers {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String currentId;
    private final SecretKeySpec lookupKey;
    private final String lookupFingerprint;
    private final List<SecretKeySpec> previousLookupKeys = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    public PersonalNumbers(PrivacyConfig config) {
        for (String entry : config.encryptionKeys()) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalStateException("videomote.privacy.encryption-keys: each entry must be id:base64");
            }
            String id = entry.substring(0, colon).strip();
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalStateException("videomote.privacy.encryption-keys: a key id must be 1-32 letters, "
                        + "digits, _ or -");
            }
            byte[] key = decode(entry.substring(colon + 1).strip(), "videomote.privacy.encryption-keys");
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalStateException("videomote.privacy.encryption-keys: key '" + id
                        + "' must be 16, 24 or 32 bytes");
            }
            keys.put(id, new SecretKeySpec(key, "AES"));
        }
        currentId = config.encryptionKeyId().strip();
        if (!keys.containsKey(currentId)) {
            throw new IllegalStateException("videomote.privacy.encryption-key-id names no key of "
                    + "videomote.privacy.encryption-keys");
        }
        lookupKey = lookupKey(config.lookupKey(), "videomote.privacy.lookup-key");
        lookupFingerprint = fingerprint(lookupKey);
        for (String previous : config.previousLookupKeys().orElse(List.of())) {
            SecretKeySpec key = lookupKey(previous, "videomote.privacy.previous-lookup-keys");
            if (!fingerprint(key).equals(lookupFingerprint)) {
                previousLookupKeys.add(key);
            }
        }
    }

    private static SecretKeySpec lookupKey(String base64, String property) {
        byte[] key = decode(base64.strip(), property);
        if (key.length < 32) {
            throw new IllegalStateException(property + ": a key must be at least 32 bytes");
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }

    /** The first 8 bytes of the key's SHA-256, in hex: names the key in the table without revealing it. */
    static String fingerprint(SecretKeySpec key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The fingerprint of the current lookup key, stored next to each hash made with it. */
    public String lookupKeyFingerprint() {
        return lookupFingerprint;
    }

    /** The id of the key new values are encrypted with. */
    public String currentKeyId() {
        return currentId;
    }

    /** Encrypts {@code clear} for the row {@code owner} with the current key. */
    public String encrypt(UUID owner, String clear) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(owner));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts a value of the row {@code owner}; null stays null. Throws when the key is unknown or the value was
     * tampered with (the GCM tag does not match).
     */
    public String decrypt(UUID owner, String stored) {
        if (stored == null) {
            return null;
        }
        int colon = stored.indexOf(':');
        SecretKeySpec key = colon < 1 ? null : keys.get(stored.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException("A personal number is encrypted with a key that is not configured");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad(owner));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored personal number does not decrypt (wrong key or tampered)");
        }
    }

    /** True when {@code stored} was encrypted with another key than the current one. */
    public boolean isStale(String stored) {
        return stored != null && !stored.startsWith(currentId + ":");
    }

    /** The keyed hash, under the current lookup key, a normalised personal number is stored and looked up by. */
    public byte[] lookupHash(String normalised) {
        return hmac(lookupKey, normalised);
    }

    /** The hashes a stored number may be under: the current key's first, then each previous key's. */
    public List<byte[]> lookupHashes(String normalised) {
        List<byte[]> hashes = new ArrayList<>(1 + previousLookupKeys.size());
        hashes.add(lookupHash(normalised));
        for (SecretKeySpec key : previousLookupKeys) {
            hashes.add(hmac(key, normalised));
        }
        return hashes;
    }

    private static byte[] hmac(SecretKeySpec key, String normalised) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    private static byte[] aad(UUID owner) {
        return ByteBuffer.allocate(16).putLong(owner.getMostSignificantBits()).putLong(owner.getLeastSignificantBits())
                .array();
    }

    private static byte[] decode(String base64, String property) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not valid base64");
        }
    }
}
