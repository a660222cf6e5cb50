package se.servicekontor.videomote.testing;

import java.time.Duration;
import java.util.UUID;

import se.servicekontor.videomote.security.TokenIssuer;

/** Bearer tokens for tests, signed with the run's generated key. */
public final class Tokens {

    private static final Duration LIFETIME = Duration.ofHours(1);

    private Tokens() {
    }

    public static String admin() {
        return TokenIssuer.admin("test-admin", LIFETIME);
    }

    public static String desk(String officeId) {
        return TokenIssuer.desk("desk-" + officeId, officeId, LIFETIME);
    }

    public static String kiosk(String officeId) {
        return TokenIssuer.kiosk("kiosk-" + officeId, officeId, LIFETIME);
    }

    /** A token of one of several kiosks of the office (each kiosk has its own ticket limit). */
    public static String kiosk(String officeId, int kiosk) {
        return TokenIssuer.kiosk("kiosk-" + officeId + "-" + kiosk, officeId, LIFETIME);
    }

    public static String room(String officeId, UUID roomId) {
        return TokenIssuer.room(officeId, roomId, LIFETIME);
    }

    public static String officer(UUID officerId, String agency) {
        return TokenIssuer.officer(officerId, agency, LIFETIME);
    }
}
