package se.servicekontor.videomote.devices;

import se.servicekontor.videomote.security.Roles;

/** What a paired device is, and so the role its token carries. */
public enum DeviceKind {
    /** A touch screen where walk-ins take tickets. */
    KIOSK,
    /** A waiting-room screen: tickets called and waiting counts, never a name. */
    DISPLAY,
    /** The terminal in one visitor room. */
    ROOM;

    String role() {
        return this == ROOM ? Roles.ROOM : Roles.KIOSK;
    }
}
