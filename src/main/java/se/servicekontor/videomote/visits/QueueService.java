package se.servicekontor.videomote.visits;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.privacy.Audit;
import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.privacy.Audit.Resource;
import se.servicekontor.videomote.visits.VisitQueries.HeldRow;
import se.servicekontor.videomote.visits.VisitQueries.WaitingRow;
import se.servicekontor.videomote.visits.VisitRecords.AgencyQueue;
import se.servicekontor.videomote.visits.VisitRecords.DeskHeld;
import se.servicekontor.videomote.visits.VisitRecords.DeskQueue;
import se.servicekontor.videomote.visits.VisitRecords.DeskWaiting;
import se.servicekontor.videomote.visits.VisitRecords.DisplayHeld;
import se.servicekontor.videomote.visits.VisitRecords.DisplayQueue;
import se.servicekontor.videomote.visits.VisitRecords.DisplayWaiting;
import se.servicekontor.videomote.visits.VisitRecords.EstimatedWait;
import se.servicekontor.videomote.visits.VisitRecords.OfficerRef;
import se.servicekontor.videomote.visits.VisitRecords.QueueSummary;
import se.servicekontor.videomote.visits.VisitRecords.QueueView;
import se.servicekontor.videomote.visits.VisitRecords.RoomRef;

/** The queue of an office as screens and desks read it, and the statistics behind estimated waits. */
@ApplicationScoped
public class QueueService {

    private final Db db;
    private final VisitQueries queries;
    private final VisitsConfig config;
    private final Clock clock;
    private final Audit audit;

    public QueueService(Db db, VisitQueries queries, VisitsConfig config, Clock clock, Audit audit) {
        this.audit = audit;
        this.db = db;
        this.queries = queries;
        this.config = config;
        this.clock = clock;
    }

    /** Waiting counts and service-time statistics of every agency at an office. */
    record OfficeQueue(String officeId, List<QueueStats> agencies, int minSamples) {

        /** The estimated wait at {@code position} in {@code agency}'s line; null without a position. */
        EstimatedWait estimate(String agency, Integer position) {
            if (position == null) {
                return null;
            }
            return agencies.stream().filter(s -> s.agency().equals(agency)).findFirst()
                    .map(s -> s.estimate(position, minSamples)).orElse(null);
        }

        List<AgencyQueue> lines() {
            return agencies.stream().map(s -> s.summary(minSamples)).toList();
        }

        QueueSummary summary() {
            return new QueueSummary(officeId, lines());
        }
    }

    /** Reads the statistics inside the caller's transaction or connection. */
    Uni<OfficeQueue> stats(SqlConnection c, String officeId, Instant now) {
        return queries.stats(c, officeId, now.minus(config.serviceTimeWindow()), config.serviceTimeSamples(), now,
                config.interpreterLanguage())
                .map(stats -> new OfficeQueue(officeId, stats, config.serviceTimeMinSamples()));
    }

    /**
     * A meeting at the office for the agency completed, inside its transaction: keeps the quartiles of the office's
     * recent service times for the agency (V22's {@code service_time}), which every estimate reads until the next
     * completion. Waits for a concurrent completion at the same office and agency to commit, so neither leaves out
     * the other's visit.
     */
    Uni<Void> completed(SqlConnection c, String officeId, String agency, Instant now) {
        return queries.recordServiceTime(c, officeId, agency, now.minus(config.serviceTimeWindow()),
                config.serviceTimeSamples());
    }

    /**
     * The office's queue: at most {@code perAgency} waiting visits per agency in serving order, every called and
     * in-meeting visit, and per agency the count and a newcomer's estimated wait. A kiosk gets it without names.
     */
    public Uni<QueueView> queue(String officeId, boolean withNames, Integer perAgency) {
        return queue(officeId, withNames, perAgency, null);
    }

    /**
     * As {@link #queue(String, boolean, Integer)}, and for an answer with names an access-log READ entry per visit
     * shown with a name, by {@code actor}, written before the answer leaves (the read itself is read-only).
     */
    Uni<QueueView> queue(String officeId, boolean withNames, Integer perAgency, Actor actor) {
        int limit = perAgency == null ? config.queueLimit() : perAgency;
        Instant now = clock.instant();
        // One snapshot for all four reads, so counts, positions and rooms agree with each other.
        return db.inTransaction(tx -> {
            SqlConnection c = tx.connection();
            return c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                    .chain(() -> read(c, officeId, withNames, limit, now))
                    .invoke(queue -> {
                        if (queue == null) {
                            throw ApiException.notFound("Office", officeId);
                        }
                    });
        }).call(queue -> actor == null ? Uni.createFrom().voidItem() : audit.record(db.pool(), shown(actor, queue)));
    }

    /** READ entries for every visit of a desk queue that carries a name; none for a display queue. */
    static List<Audit.Entry> shown(Actor actor, QueueView queue) {
        List<Audit.Entry> entries = new ArrayList<>();
        if (queue instanceof DeskQueue desk) {
            desk.waiting().stream().filter(w -> w.visitorName() != null).forEach(w -> entries.add(new Audit.Entry(
                    desk.office(), actor.key(), actor.role(), Action.READ, Resource.VISIT, w.id())));
            java.util.stream.Stream.concat(desk.called().stream(), desk.inMeeting().stream())
                    .filter(h -> h.visitorName() != null).forEach(h -> entries.add(new Audit.Entry(desk.office(),
                            actor.key(), actor.role(), Action.READ, Resource.VISIT, h.id())));
        }
        return entries;
    }

    /** The queue read inside the caller's (repeatable-read) transaction; null for an unknown office. */
    Uni<QueueView> read(SqlConnection c, String officeId, boolean withNames, int limit, Instant now) {
        return queries.officeZone(c, officeId).chain(zoneId -> {
            if (zoneId == null) {
                return Uni.createFrom().nullItem();
            }
            ZoneId zone = ZoneId.of(zoneId);
            return queries.waitingLines(c, officeId, limit, now, config.interpreterLanguage())
                    .chain(waiting -> queries.held(c, officeId)
                            .chain(held -> stats(c, officeId, now)
                                    .map(stats -> withNames ? desk(officeId, zone, waiting, held, stats)
                                            : display(officeId, zone, waiting, held, stats))));
        });
    }

    int defaultLimit() {
        return config.queueLimit();
    }

    private static QueueView desk(String officeId, ZoneId zone, List<WaitingRow> waiting, List<HeldRow> held,
            OfficeQueue stats) {
        List<DeskWaiting> lines = waiting.stream().map(w -> new DeskWaiting(w.id(), w.ticket(), w.agency(),
                w.service(), w.position(), VisitRecords.at(w.queuedAt(), zone), w.priority(), w.language(),
                w.interpreter(), w.visitorName(), w.booked(), w.accessible(), w.servable())).toList();
        return new DeskQueue(officeId, lines, deskHeld(held, VisitStatus.CALLED, zone),
                deskHeld(held, VisitStatus.IN_MEETING, zone), stats.lines());
    }

    private static List<DeskHeld> deskHeld(List<HeldRow> held, VisitStatus status, ZoneId zone) {
        return held.stream().filter(h -> h.status() == status).map(h -> new DeskHeld(h.id(), h.ticket(), h.agency(),
                h.service(), new RoomRef(h.roomId(), h.roomName()), new OfficerRef(h.officerId(), h.officerName()),
                h.visitorName(), VisitRecords.at(h.calledAt(), zone), VisitRecords.at(h.startedAt(), zone))).toList();
    }

    private static QueueView display(String officeId, ZoneId zone, List<WaitingRow> waiting, List<HeldRow> held,
            OfficeQueue stats) {
        List<DisplayWaiting> lines = waiting.stream().map(w -> new DisplayWaiting(w.ticket(), w.agency(),
                w.position(), VisitRecords.at(w.queuedAt(), zone))).toList();
        return new DisplayQueue(officeId, lines, displayHeld(held, VisitStatus.CALLED),
                displayHeld(held, VisitStatus.IN_MEETING), stats.lines());
    }

    private static List<DisplayHeld> displayHeld(List<HeldRow> held, VisitStatus status) {
        return held.stream().filter(h -> h.status() == status)
                .map(h -> new DisplayHeld(h.ticket(), h.agency(), new RoomRef(h.roomId(), h.roomName()))).toList();
    }
}
