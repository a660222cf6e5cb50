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

    /**
     * How many offices one round of "next" considers before it looks further. One statement tries them in order and
     * stops at the first that has a visit and a room to call, so a longer round costs only when concurrent calls hold
     * the first offices' heads.
     */
    static final int CANDIDATE_OFFICES = 16;

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
     * One round: a held booked visit first, then the round's offices in one statement that calls at the first where
     * the head of the line and a room are not taken by concurrent calls. When every office of a full round had its
     * eligible visits or free rooms taken (rows skipped as locked), it looks at the offices after them, so a busy
     * moment never answers "nobody waits" while someone does.
     */
    private Uni<Visit> callFirst(Tx tx, OfficerOnDuty officer, Instant now, Actor actor,
            List<String> excluded, boolean withBooked) {
        return queries.candidates(tx.connection(),
                new Search(officer, now, config.interpreterLanguage(), excluded, CANDIDATE_OFFICES, withBooked))
                .chain(candidates -> {
                    List<String> offices = candidates.stream().filter(c -> !c.booked()).map(Candidate::officeId)
                            .toList();
                    return callInRound(tx, officer, candidates, offices, now, actor).chain(called -> {
                        if (called != null || offices.size() < CANDIDATE_OFFICES) {
                            return Uni.createFrom().item(called);
                        }
                        List<String> tried = new ArrayList<>(excluded);
                        tried.addAll(offices);
                        return callFirst(tx, officer, now, actor, tried, false);
                    });
                });
    }

    /** The round's held booked visit if it can be called, else at the first of its offices that can; or null. */
    private Uni<Visit> callInRound(Tx tx, OfficerOnDuty officer, List<Candidate> candidates, List<String> offices,
            Instant now, Actor actor) {
        Uni<Visit> booked = candidates.stream().filter(Candidate::booked).findFirst()
                .map(c -> queries.call(tx.connection(), Attempt.booked(officer, c.bookedVisitId(), now, actor.key())))
                .orElseGet(() -> Uni.createFrom().nullItem());
        return booked.chain(visit -> visit != null || offices.isEmpty() ? Uni.createFrom().item(visit)
                : queries.call(tx.connection(),
                        Attempt.walkIn(officer, offices, now, actor.key(), config.interpreterLanguage())));
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
