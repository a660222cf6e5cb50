package se.servicekontor.videomote.agencies;

/** A case officer's presence. BUSY is set by the system while the officer serves a visit. */
public enum Presence {
    AVAILABLE, BUSY, AWAY, OFFLINE
}
