package se.servicekontor.videomote.visits;

/** Where a visit is in its life: waiting in line, called to a room, in the meeting, or ended one of three ways. */
public enum VisitStatus {
    WAITING, CALLED, IN_MEETING, COMPLETED, NO_SHOW, CANCELLED;

    /** True while an officer and a room are held by the visit. */
    public boolean active() {
        return this == CALLED || this == IN_MEETING;
    }
}
