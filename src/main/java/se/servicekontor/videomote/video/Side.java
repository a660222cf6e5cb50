package se.servicekontor.videomote.video;

import java.util.Locale;

/** The two sides of a video session. */
public enum Side {
    /** The terminal in the visitor room. */
    ROOM,
    /** The case officer's console. */
    OFFICER;

    public Side other() {
        return this == ROOM ? OFFICER : ROOM;
    }

    /** The name on the wire and in join tokens: {@code room} or {@code officer}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The side named {@code wire}, or null. */
    static Side fromWire(String wire) {
        for (Side side : values()) {
            if (side.wire().equals(wire)) {
                return side;
            }
        }
        return null;
    }
}
