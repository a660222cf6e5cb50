package se.servicekontor.videomote.visits;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.agencies.Presence;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Tx;
import se.servicekontor.videomote.offices.RoomEvents;
import se.servicekontor.videomote.offices.RoomEvents.RoomStatusChanged;
import se.servicekontor.videomote.offices.RoomStatus;
import se.servicekontor.videomote.privacy.Audit;
import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.video.VideoParticipants;
import se.servicekontor.videomote.video.VideoService;
import se.servicekontor.videomote.visits.NextVisitQueries.Attempt;
import se.servicekontor.videomote.visits.NextVisitQueries.Candidate;
import se.servicekontor.videomote.visits.NextVisitQueries.OfficerOnDuty;
import se.servicekontor.videomote.visits.NextVisitQueries.Search;
import se.servicekontor.videomote.visits.VisitRecords.NextView;
import se.servicekontor.videomote.visits.VisitRecords.VisitView;

/**
 * "Next visitor": an officer takes the next visit they may serve, in one transaction that calls it to a free room,
 * reserves the room, makes the officer BUSY, opens the video session, writes the history and raises the live events.
 */
@ApplicationScoped
public class NextVisitService {

    /** How many offices one round of "next" tries before it looks further. */
    static final int CANDIDATE_OFFICES = 4;

    private final Db db;
    private final NextVisitQueries queries;
    private final QueueService queues;
    private final AgencyWaitingPublisher agencyWaiting;
    private final VideoService video;
    private final Audit audit;
    private final VisitsConfig config;
    private final Clock clock;

    public NextVisitService(Db db, NextVisitQueries queries, QueueService queues, AgencyWaitingPublisher agencyWaiting,
            VideoService video, Audit audit, VisitsConfig config, Clock clock) {
        this.db = db;
        this.queries = queries;
        this.queues = queues;
        this.agencyWaiting = agencyWaiting;
        this.video = video;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The officer takes the next visit: a due booked visit held for them first; otherwise, among the offices with a
     * free room, the visit that ranks first in the agency's lines and that the officer may serve (service, language,
     * interpreter). The visit is CALLED to a room that becomes RESERVED, the officer BUSY. Null when nobody eligible
     * waits where a room is free.
     *
     * @throws ApiException 404 for an unknown officer, 409 when the officer is not AVAILABLE (BUSY: already holds a
     *                      visit)
     */
    public Uni<NextView> next(UUID officerId, Actor actor) {
        Instant now = clock.instant();
        return db.inTransaction(tx -> queries.lockOfficer(tx.connection(), officerId).chain(officer -> {
            if (officer == null) {
                throw ApiException.notFound("Officer", officerId);
            }
            if (officer.presence() == Presence.BUSY) {
                throw ApiException.conflict("The officer already has a called or in-meeting visit; end it first.");
            }
            if (officer.presence() != Presence.AVAILABLE) {
                throw ApiException.conflict("The officer is " + officer.presence()
                        + "; set presence AVAILABLE to call visitors.");
            }
            return callFirst(tx, officer, now, actor, List.of(), true)
                    .chain(visit -> visit == null ? Uni.createFrom().nullItem() : called(tx, officer, visit, now))
                    .call(next -> next == null ? Uni.createFrom().voidItem()
                            : audit.record(tx, VisitService.audited(actor, Action.UPDATE, next.visit())));
        })).invoke(next -> {
            if (next != null) {
                Log.infof("Visit %s (%s) at office %s called by officer %s to room %s", next.visit().id(),
                        next.visit().ticket(), next.visit().office(), officerId, next.room().id());
            } else {
                Log.debugf("Officer %s asked for the next visit; nobody eligible waits", officerId);
            }
        });
    }

    /**
     * Tries the candidates in order. When every office of a full round had its eligible visits or free rooms taken
     * by concurrent calls (rows skipped as locked), it looks at the offices after them, so a busy moment never
     * answers "nobody waits" while someone does.
     */
    private Uni<Visit> callFirst(Tx tx, OfficerOnDuty officer, Instant now, Actor actor,
            List<String> excluded, boolean withBooked) {
        return queries.candidates(tx.connection(),
                new Search(officer, now, config.interpreterLanguage(), excluded, CANDIDATE_OFFICES, withBooked))
                .chain(candidates -> tryInTurn(tx, officer, candidates, 0, now, actor).chain(called -> {
                    List<String> offices = candidates.stream().filter(c -> !c.booked()).map(Candidate::officeId)
                            .toList();
                    if (called != null || offices.size() < CANDIDATE_OFFICES) {
                        return Uni.createFrom().item(called);
                    }
                    List<String> tried = new ArrayList<>(excluded);
                    tried.addAll(offices);
                    return callFirst(tx, officer, now, actor, tried, false);
                }));
    }

    /** The visit called from the first candidate that had one to call, or null. */
    private Uni<Visit> tryInTurn(Tx tx, OfficerOnDuty officer, List<Candidate> candidates, int i, Instant now,
            Actor actor) {
        if (i == candidates.size()) {
            return Uni.createFrom().nullItem();
        }
        return queries.call(tx.connection(),
                new Attempt(officer, candidates.get(i), now, actor.key(), config.interpreterLanguage()))
                .chain(visit -> visit != null ? Uni.createFrom().item(visit)
                        : tryInTurn(tx, officer, candidates, i + 1, now, actor));
    }

    private Uni<NextView> called(Tx tx, OfficerOnDuty officer, Visit visit, Instant now) {
        VisitView view = VisitView.from(visit, null, null);
        tx.emit(VisitEvents.visit(VisitEvents.CALLED, VisitStatus.WAITING, null, view, officer.id(), visit.roomId()));
        tx.emit(RoomEvents.statusChanged(new RoomStatusChanged(visit.roomId(), visit.officeId(), visit.roomName(),
                RoomStatus.RESERVED, now)));
        tx.emit(VisitEvents.presence(officer.id(), officer.agency(), Presence.BUSY));
        return queues.stats(tx.connection(), visit.officeId(), now)
                .invoke(stats -> tx.emit(VisitEvents.queueSummary(stats.summary())))
                .invoke(() -> agencyWaiting.changed(tx, List.of(visit.agency())))
                .chain(stats -> withinCall(tx, officer, view));
    }

    /**
     * The last step of calling a visit, inside the call's transaction: the video-session feature creates the
     * session here (for the visit's officer and room) and adds it to the answer, so that a call never commits
     * without its session.
     */
    private Uni<NextView> withinCall(Tx tx, OfficerOnDuty officer, VisitView view) {
        return video.open(tx, new VideoParticipants(view.id(), view.office(), view.room().id(), officer.id()))
                .map(session -> new NextView(view, view.room(), session));
    }
}
