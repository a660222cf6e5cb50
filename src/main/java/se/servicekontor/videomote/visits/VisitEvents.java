package se.servicekontor.videomote.visits;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import se.servicekontor.videomote.agencies.OfficerRecords.PresenceChanged;
import se.servicekontor.videomote.agencies.OfficerService;
import se.servicekontor.videomote.agencies.Presence;
import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.live.Streams;
import se.servicekontor.videomote.visits.VisitRecords.AgencyWaiting;
import se.servicekontor.videomote.visits.VisitRecords.QueueSummary;
import se.servicekontor.videomote.visits.VisitRecords.TicketChanged;
import se.servicekontor.videomote.visits.VisitRecords.TicketView;
import se.servicekontor.videomote.visits.VisitRecords.VisitChanged;
import se.servicekontor.videomote.visits.VisitRecords.VisitView;

/**
 * The live events of the visits. The office's display stream and a room's stream get {@link TicketChanged} (no
 * name field exists in it); the desk and the officer get {@link VisitChanged} with the visitor's name.
 */
final class VisitEvents {

    static final String CREATED = "visit.created";
    static final String CALLED = "visit.called";
    static final String QUEUE_SUMMARY = "queue.summary";
    /** The desk changed a waiting visit's service, language or interpreter. */
    static final String NEEDS_CHANGED = "visit.needs-changed";

    private VisitEvents() {
    }

    /**
     * A visit event for every audience concerned.
     *
     * @param officer the officer who serves or served the visit, or null
     * @param room    the room the visit holds or held, or null
     */
    static List<Event> visit(String type, VisitStatus from, String fromAgency, VisitView view, UUID officer, UUID room) {
        TicketChanged ticket = new TicketChanged(from, fromAgency, TicketView.from(view));
        VisitChanged full = new VisitChanged(from, fromAgency, view);
        List<Event> events = new ArrayList<>(4);
        events.add(new Event(Streams.display(view.office()), type, ticket));
        events.add(new Event(Streams.desk(view.office()), type, full));
        if (officer != null) {
            events.add(new Event(Streams.officer(officer), type, full));
        }
        if (room != null) {
            events.add(new Event(Streams.room(room), type, ticket));
        }
        return events;
    }

    /** {@code queue.summary} for the office's screens and desk. */
    static List<Event> queueSummary(QueueSummary summary) {
        return List.of(new Event(Streams.display(summary.office()), QUEUE_SUMMARY, summary),
                new Event(Streams.desk(summary.office()), QUEUE_SUMMARY, summary));
    }

    /** {@code queue.summary} of an agency, on the stream every officer of the agency follows. */
    static Event agencySummary(AgencyWaiting waiting) {
        return new Event(Streams.agency(waiting.agency()), QUEUE_SUMMARY, waiting);
    }

    /** {@code officer.presence} when the visits make an officer BUSY or AVAILABLE. */
    static Event presence(UUID officerId, String agency, Presence presence) {
        return new Event(Streams.officer(officerId), OfficerService.OFFICER_PRESENCE,
                new PresenceChanged(officerId, agency, presence));
    }
}
