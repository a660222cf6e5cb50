package se.servicekontor.videomote.bookings;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Manage codes of self-booked bookings: 20 characters of the reference alphabet (no 0/O, 1/I), 100 random bits,
 * written in groups of four ({@code K7PQ-4QXM-...}). Only a hash is stored; codes are compared in constant time.
 */
@ApplicationScoped
class ManageCodes {

    static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when there is nothing to compare with, so that every check costs the same. */
    private static final byte[] NOTHING = new byte[32];

    private final Optional<byte[]> pepper;

    ManageCodes(PublicBookingConfig config) {
        this.pepper = config.manageCodePepper().filter(p -> !p.isBlank()).map(p -> p.getBytes(StandardCharsets.UTF_8));
    }

    static String generate() {
        StringBuilder code = new StringBuilder(LENGTH + LENGTH / 4);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(References.ALPHABET.charAt(RANDOM.nextInt(References.ALPHABET.length())));
        }
        return code.toString();
    }

    /** The canonical form of a typed code (case, spaces and hyphens do not matter), or null when it cannot be one. */
    static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        String compact = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (compact.length() != LENGTH || !compact.chars().allMatch(c -> References.ALPHABET.indexOf(c) >= 0)) {
            return null;
        }
        return compact;
    }

    byte[] hash(String code) {
        String canonical = normalise(code);
        byte[] input = (canonical == null ? "" : canonical).getBytes(StandardCharsets.US_ASCII);
        try {
            if (pepper.isPresent()) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(pepper.get(), "HmacSHA256"));
                return mac.doFinal(input);
            }
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** True when {@code typed} is the code whose hash is {@code stored}; the same work whatever is missing. */
    boolean matches(String typed, byte[] stored) {
        byte[] candidate = hash(typed);
        boolean equal = MessageDigest.isEqual(candidate, stored == null ? NOTHING : stored);
        return equal && stored != null && normalise(typed) != null;
    }
}
