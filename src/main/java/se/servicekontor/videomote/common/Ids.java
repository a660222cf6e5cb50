package se.servicekontor.videomote.common;

import java.util.UUID;

/** Ids as they arrive in paths and parameters. */
public final class Ids {

    private Ids() {
    }

    /** The UUID written in {@code value}, or null when there is none (absent or malformed): callers answer 404. */
    public static UUID uuidOrNull(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
