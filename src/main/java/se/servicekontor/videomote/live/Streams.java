package se.servicekontor.videomote.live;

import java.util.UUID;

/** Names of the live streams, one per audience. */
public final class Streams {

    private Streams() {
    }

    /** What a waiting-room screen or kiosk of the office shows: never a name or personal number. */
    public static String display(String officeId) {
        return "display:" + officeId;
    }

    /** What the office's front desk sees. */
    public static String desk(String officeId) {
        return "desk:" + officeId;
    }

    /** What one case officer sees. */
    public static String officer(UUID officerId) {
        return "officer:" + officerId;
    }

    /** Waiting counts of one agency across the country, followed by every officer of the agency. */
    public static String agency(String agencyCode) {
        return "agency:" + agencyCode;
    }

    /** What the terminal in one visitor room sees. */
    public static String room(UUID roomId) {
        return "room:" + roomId;
    }
}
