package se.servicekontor.videomote.bookings;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Booking references such as {@code K7P-4QX}: six characters from an alphabet without 0, O, 1 and I, so that they
 * can be read aloud over the phone and typed from a note without confusion. 32 characters give 2^30 codes; the
 * database's unique index decides, and a collision simply draws again.
 */
final class References {

    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    static final String EXAMPLE = "K7P-4QX";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** What people put between the characters of a reference: spaces and hyphens. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s-]");

    private References() {
    }

    static String next() {
        char[] code = new char[7];
        for (int i = 0; i < code.length; i++) {
            code[i] = i == 3 ? '-' : ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** The canonical form of what someone typed ({@code k7p 4qx}, {@code K7P4QX}), or empty if it cannot be one. */
    static Optional<String> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String compact = SEPARATORS.matcher(typed).replaceAll("").toUpperCase(Locale.ROOT);
        if (compact.length() != 6 || !compact.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(compact.substring(0, 3) + "-" + compact.substring(3));
    }
}
