package se.servicekontor.videomote.visits;

/** A walk-in visit's priority, set when the ticket is issued. */
public enum Priority {
    NORMAL, PRIORITY
}
