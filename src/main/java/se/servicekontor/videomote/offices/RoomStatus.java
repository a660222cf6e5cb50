package se.servicekontor.videomote.offices;

/** A visitor room's live status. RESERVED and OCCUPIED are set by the system only. */
public enum RoomStatus {
    AVAILABLE, RESERVED, OCCUPIED, CLEANING, OUT_OF_SERVICE;

    /** Statuses a desk or admin may set by hand. */
    public boolean settableByHand() {
        return this == AVAILABLE || this == CLEANING || this == OUT_OF_SERVICE;
    }

    /** Statuses that mean a visit holds the room. */
    public boolean heldByVisit() {
        return this == RESERVED || this == OCCUPIED;
    }
}
