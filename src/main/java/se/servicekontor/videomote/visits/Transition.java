package se.servicekontor.videomote.visits;

import static se.servicekontor.videomote.visits.VisitStatus.CALLED;
import static se.servicekontor.videomote.visits.VisitStatus.CANCELLED;
import static se.servicekontor.videomote.visits.VisitStatus.COMPLETED;
import static se.servicekontor.videomote.visits.VisitStatus.IN_MEETING;
import static se.servicekontor.videomote.visits.VisitStatus.WAITING;

import java.util.EnumSet;
import java.util.Set;

/**
 * The transitions a caller can ask for (calling a visit is "next", not one of these). Any transition from a status
 * not listed here answers 409 and changes nothing.
 */
enum Transition {
    START("STARTED", "visit.started", "started", IN_MEETING, EnumSet.of(CALLED)),
    COMPLETE("COMPLETED", "visit.completed", "completed", COMPLETED, EnumSet.of(IN_MEETING)),
    NO_SHOW("NO_SHOW", "visit.no-show", "marked no-show", VisitStatus.NO_SHOW, EnumSet.of(CALLED)),
    /** From NO_SHOW only by the desk, for a walk-in of today (checked by the service). */
    REQUEUE("REQUEUED", "visit.requeued", "requeued", WAITING, EnumSet.of(CALLED, VisitStatus.NO_SHOW)),
    TRANSFER("TRANSFERRED", "visit.transferred", "transferred", WAITING, EnumSet.of(WAITING, CALLED, IN_MEETING)),
    CANCEL("CANCELLED", "visit.cancelled", "cancelled", CANCELLED, EnumSet.of(WAITING, CALLED));

    private final String action;
    private final String eventType;
    private final String verb;
    private final VisitStatus to;
    private final Set<VisitStatus> from;

    Transition(String action, String eventType, String verb, VisitStatus to, Set<VisitStatus> from) {
        this.action = action;
        this.eventType = eventType;
        this.verb = verb;
        this.to = to;
        this.from = from;
    }

    /** The history's name for it. */
    String action() {
        return action;
    }

    String eventType() {
        return eventType;
    }

    String verb() {
        return verb;
    }

    VisitStatus to() {
        return to;
    }

    Set<VisitStatus> from() {
        return from;
    }

    boolean allowedFrom(VisitStatus status) {
        return from.contains(status);
    }
}
