package se.servicekontor.videomote.devices;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pairing codes such as {@code K7P4Q-XM9RT}: ten characters from the 32 of an alphabet without 0, O, 1 and I (as
 * booking references), so they can be read aloud and typed without confusion. 32^10 = 2^50 (about 1.1e15) codes;
 * docs/devices.md shows why guessing one within the pairing limits is hopeless.
 */
final class PairingCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    static final int LENGTH = 10;
    static final String EXAMPLE = "K7P4Q-XM9RT";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s-]");

    private PairingCodes() {
    }

    static String next() {
        StringBuilder code = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** The canonical form of what someone typed ({@code k7p4q xm9rt}, {@code K7P4QXM9RT}), or empty if it cannot be one. */
    static Optional<String> parse(String typed) {
        if (typed == null || typed.length() > 40) {
            return Optional.empty();
        }
        String compact = SEPARATORS.matcher(typed).replaceAll("").toUpperCase(Locale.ROOT);
        if (compact.length() != LENGTH || !compact.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(compact.substring(0, LENGTH / 2) + "-" + compact.substring(LENGTH / 2));
    }
}
