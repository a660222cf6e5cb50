package se.servicekontor.videomote.visits;

import static se.servicekontor.videomote.common.Text.blankToNull;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.agencies.Presence;
import se.servicekontor.videomote.bookings.OfficeHours;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.PgErrors;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.common.Tx;
import se.servicekontor.videomote.privacy.Audit;
import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.privacy.Audit.Resource;
import se.servicekontor.videomote.security.Roles;
import se.servicekontor.videomote.notifications.NotificationService;
import se.servicekontor.videomote.video.VideoParticipants;
import se.servicekontor.videomote.video.VideoService;
import se.servicekontor.videomote.offices.RoomEvents;
import se.servicekontor.videomote.offices.RoomEvents.RoomStatusChanged;
import se.servicekontor.videomote.offices.RoomStatus;
import se.servicekontor.videomote.visits.QueueService.OfficeQueue;
import se.servicekontor.videomote.visits.VisitQueries.NewVisit;
import se.servicekontor.videomote.visits.VisitQueries.Outcome;
import se.servicekontor.videomote.visits.VisitRecords.HistoryEntry;
import se.servicekontor.videomote.visits.VisitRecords.NeedsRequest;
import se.servicekontor.videomote.visits.VisitRecords.NextView;
import se.servicekontor.videomote.visits.VisitRecords.TicketView;
import se.servicekontor.videomote.visits.VisitRecords.TransferRequest;
import se.servicekontor.videomote.visits.VisitRecords.UnservableReason;
import se.servicekontor.videomote.visits.VisitRecords.VisitRequest;
import se.servicekontor.videomote.visits.VisitRecords.VisitView;

/**
 * Visits: tickets for walk-ins and checked-in bookings, and every transition of a visit ("next" is
 * {@link NextVisitService}). Each
 * operation is one transaction that also moves the room and the officer, writes the history and raises the live
 * events.
 */
@ApplicationScoped
public class VisitService {

    private final Db db;
    private final AgencyWaitingPublisher agencyWaiting;
    private final VisitQueries queries;
    private final QueueService queues;
    private final Idempotency idempotency;
    private final VisitsConfig config;
    private final Clock clock;

    public VisitService(Db db, VisitQueries queries, QueueService queues, Idempotency idempotency,
            VisitsConfig config, Clock clock, jakarta.enterprise.inject.Instance<BookedVisitListener> bookedVisits,
            VideoService video, Audit audit, OfficeHours officeHours, NotificationService notifications,
            AgencyWaitingPublisher agencyWaiting) {
        this.agencyWaiting = agencyWaiting;
        this.audit = audit;
        this.officeHours = officeHours;
        this.notifications = notifications;
        this.video = video;
        this.bookedVisits = bookedVisits.stream().toList();
        this.db = db;
        this.queries = queries;
        this.queues = queues;
        this.idempotency = idempotency;
        this.config = config;
        this.clock = clock;
    }

    private final List<BookedVisitListener> bookedVisits;
    private final VideoService video;
    private final Audit audit;
    private final OfficeHours officeHours;
    private final NotificationService notifications;

    /** A ticket just issued: the body the caller may see and where the visit can be read. */
    record Issued(URI location, Object body, VisitView visit) {
    }

    // --- tickets ----------------------------------------------------------------------------------------------

    /**
     * Issues a ticket at the desk or kiosk of {@code officeId}; a kiosk's answer carries no name. Outside the office's
     * opening hours (or on a closed day) it answers 409 unless the desk asked for {@code afterHours}; a kiosk may
     * neither ask for that nor for PRIORITY (403). A visit nobody on duty can serve is refused at a kiosk (409) and
     * issued at the desk with {@code servable: false} and the reason.
     */
    Uni<Issued> create(String officeId, VisitRequest request, Actor actor, Idempotency.Key key) {
        boolean interpreter = Boolean.TRUE.equals(request.interpreter());
        if (interpreter && request.language() == null) {
            return Uni.createFrom().failure(ApiException.invalid("language", "is required when an interpreter is needed"));
        }
        boolean kiosk = Roles.KIOSK.equals(actor.role());
        if (kiosk && request.priority() == Priority.PRIORITY) {
            return Uni.createFrom().failure(ApiException.forbidden(
                    "A kiosk cannot give a visit priority (field 'priority'); only the desk can."));
        }
        if (kiosk && Boolean.TRUE.equals(request.afterHours())) {
            return Uni.createFrom().failure(ApiException.forbidden(
                    "A kiosk cannot issue tickets outside opening hours (field 'afterHours'); only the desk can."));
        }
        Instant now = clock.instant();
        Priority priority = request.priority() == null ? Priority.NORMAL : request.priority();
        boolean accessible = Boolean.TRUE.equals(request.accessible());
        boolean overrideHours = Boolean.TRUE.equals(request.afterHours());
        return db.inTransaction(tx -> idempotency.claim(tx.connection(), key)
                .chain(() -> checkedTarget(tx.connection(), officeId, request.agency(), request.service()))
                .chain(() -> officeHours.at(tx.connection(), officeId, now))
                .chain(opening -> {
                    if (!opening.open() && !overrideHours) {
                        throw new VisitConflict("office-closed", "Office closed",
                                opening.message() + " Tickets are issued during opening hours only"
                                        + (kiosk ? "." : "; a desk may issue one anyway with \"afterHours\": true."));
                    }
                    return unservable(tx.connection(), request.agency(), request.service(), request.language(),
                            interpreter, now).map(reason -> {
                                if (reason != null && kiosk) {
                                    throw new VisitConflict("unservable", "Nobody can serve this now",
                                            reason.message() + " Please ask at the desk.");
                                }
                                return new Checked(!opening.open(), reason);
                            });
                })
                .chain(checked -> insert(tx, new NewVisit(UUID.randomUUID(), officeId, request.agency(),
                        request.service(), request.language(), interpreter, priority,
                        blankToNull(request.visitorName()), now,
                        priority == Priority.PRIORITY ? now.minus(config.priorityLead()) : now,
                        null, null, null, null, null, null, null, null, actor.key(), actor.role(), accessible,
                        checked.afterHours()), true).map(view -> view.withServability(checked.reason())))
                .call(view -> view.visitorName() == null ? Uni.createFrom().voidItem()
                        : audit.record(tx, audited(actor, Action.CREATE, view)))
                .call(view -> notifications.walkIn(tx, view.id(), blankToNull(request.phone()), request.language()))
                .map(view -> new Issued(URI.create("/api/v1/visits/" + view.id()),
                        actor.seesNames() ? view : TicketView.from(view), view))
                .call(issued -> idempotency.remember(tx.connection(), key, 201, issued.body(), issued.location())))
                .invoke(issued -> Log.infof("Visit %s issued ticket %s at office %s for %s (%s)%s%s",
                        issued.visit().id(), issued.visit().ticket(), officeId, issued.visit().agency(), actor.role(),
                        issued.visit().afterHours() ? " after hours" : "",
                        issued.visit().unservableReason() == null ? ""
                                : " nobody on duty can serve it: " + issued.visit().unservableReason().code()));
    }

    /** What the checks before a walk-in's insert found: the office was closed (desk override), why nobody can serve. */
    private record Checked(boolean afterHours, UnservableReason reason) {
    }

    /** A 409 with its own problem type, so clients can tell a closed office from a state conflict. */
    static final class VisitConflict extends ApiException {
        VisitConflict(String slug, String title, String detail) {
            super(409, slug, title, detail, null);
        }
    }

    /** Why nobody on duty can serve these needs now, or null when someone can. */
    Uni<UnservableReason> unservable(SqlConnection c, String agency, String service, String language,
            boolean interpreter, Instant now) {
        String interpreterLanguage = config.interpreterLanguage();
        return queries.servability(c, agency, service, language, interpreter, now, interpreterLanguage).map(s -> {
            if (s.onDuty() == 0) {
                return new UnservableReason("NO_OFFICER_ON_DUTY", "No officer of " + agency + " is on duty now.");
            }
            if (s.withService() == 0) {
                return new UnservableReason("SERVICE_NOT_COVERED",
                        "No officer of " + agency + " on duty now handles " + service + ".");
            }
            if (!s.servable()) {
                String message = "No officer on duty now for " + service + " speaks " + language
                        + (interpreter ? ", nor " + interpreterLanguage + " for a meeting with an interpreter." : ".");
                if (!interpreter && s.withInterpreter()) {
                    message += " With an interpreter, an officer who speaks " + interpreterLanguage + " could serve it.";
                }
                return new UnservableReason("LANGUAGE_NOT_COVERED", message);
            }
            return null;
        });
    }

    /** A waiting visit's view with whether anybody on duty could serve it; others as they are. */
    private Uni<VisitView> withServability(SqlConnection c, VisitView view, Instant now) {
        if (view.status() != VisitStatus.WAITING) {
            return Uni.createFrom().item(view);
        }
        return unservable(c, view.agency(), view.service(), view.language(), view.interpreter(), now)
                .map(view::withServability);
    }

    /**
     * The desk changes what a waiting visit needs (service of the same agency, language, interpreter): the visit keeps
     * its ticket and place, the change is in its history ({@code NEEDS_CHANGED}) and raised as
     * {@code visit.needs-changed}. 404 for another office's visit, 409 unless it waits, 400 for a service the agency
     * does not have or an interpreter without a language.
     */
    Uni<VisitView> changeNeeds(UUID visitId, NeedsRequest request, Actor actor) {
        boolean interpreter = Boolean.TRUE.equals(request.interpreter());
        if (interpreter && request.language() == null) {
            return Uni.createFrom().failure(ApiException.invalid("language", "is required when an interpreter is needed"));
        }
        Instant now = clock.instant();
        return db.inTransaction(tx -> {
            SqlConnection c = tx.connection();
            return queries.view(c, visitId).chain(visit -> {
                if (visit == null || !actor.mayActOn(visit)) {
                    throw ApiException.notFound("Visit", visitId);
                }
                return queries.target(c, visit.officeId(), visit.agency(), request.service()).chain(target -> {
                    if (!target.serviceKnown()) {
                        throw ApiException.invalid("service", "is not a service of " + visit.agency());
                    }
                    if (visit.status() != VisitStatus.WAITING) {
                        throw ApiException.conflict("A visit that is " + visit.status()
                                + " cannot have its needs changed; that needs a visit that is WAITING.");
                    }
                    if (visit.service().equals(request.service()) && visit.interpreter() == interpreter
                            && java.util.Objects.equals(visit.language(), request.language())) {
                        return positioned(c, visit, now); // nothing to change: as it is, no event
                    }
                    return queries.changeNeeds(c, visitId, request.service(), request.language(), interpreter, now,
                            actor.key(), actor.role()).chain(changed -> {
                                if (changed == null) {
                                    throw ApiException.conflict("The visit no longer waits.");
                                }
                                return queues.stats(c, changed.officeId(), now).chain(stats -> queries
                                        .position(c, changed, false).map(pos -> {
                                            VisitView view = VisitView.from(changed, pos,
                                                    stats.estimate(changed.agency(), pos));
                                            tx.emit(VisitEvents.visit(VisitEvents.NEEDS_CHANGED, VisitStatus.WAITING,
                                                    null, view, null, null));
                                            tx.emit(VisitEvents.queueSummary(stats.summary()));
                                            return view;
                                        }))
                                        .call(() -> agencySummaries(tx, List.of(changed.agency())))
                                        .chain(view -> withServability(c, view, now));
                            });
                });
            });
        }).invoke(view -> Log.infof("Visit %s (%s) at office %s: needs changed by %s", view.id(), view.ticket(),
                view.office(), actor.role()));
    }

    /** A waiting visit as it is: its place, estimated wait and whether anybody on duty can serve it. */
    private Uni<VisitView> positioned(SqlConnection c, Visit visit, Instant now) {
        return queries.position(c, visit, false).chain(pos -> queues.stats(c, visit.officeId(), now)
                .map(stats -> VisitView.from(visit, pos, stats.estimate(visit.agency(), pos))))
                .chain(view -> withServability(c, view, now));
    }

    /**
     * Puts a checked-in booked visitor in line, inside the caller's transaction {@code tx} (the booking's check-in):
     * a WAITING visit with a ticket that keeps the booking id, booked officer, room and times. From
     * {@code videomote.visits.booked-early} before its start until {@code booked-hold} after it, the visit is first in
     * line for its booked officer and nobody else's; it is called to its booked room when that room is free (else
     * to another free room of the office). After the hold any eligible officer may call it, placed in line as if it
     * had arrived at its booked start with priority. The events it raises are written when {@code tx} commits.
     *
     * @throws ApiException 404 for an unknown office, 400 for an agency the office does not offer or an unknown
     *                      service, 409 when the booking already has a visit
     */
    public Uni<VisitView> createForBooking(Tx tx, BookedArrival arrival) {
        List<FieldError> errors = new ArrayList<>();
        require(errors, arrival.bookingId(), "bookingId");
        require(errors, arrival.officeId(), "officeId");
        require(errors, arrival.agency(), "agency");
        require(errors, arrival.service(), "service");
        require(errors, arrival.start(), "start");
        require(errors, arrival.end(), "end");
        if (arrival.interpreter() && arrival.language() == null) {
            errors.add(new FieldError("language", "is required when an interpreter is needed"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid(errors));
        }
        Instant now = clock.instant();
        boolean held = arrival.officerId() != null;
        NewVisit visit = new NewVisit(UUID.randomUUID(), arrival.officeId(), arrival.agency(), arrival.service(),
                arrival.language(), arrival.interpreter(), Priority.NORMAL, blankToNull(arrival.visitorName()), now,
                arrival.start().minus(config.priorityLead()), arrival.bookingId(), arrival.officerId(),
                arrival.roomId(), arrival.start(), arrival.end(), arrival.officerId(),
                held ? arrival.start().minus(config.bookedEarly()) : null,
                held ? arrival.start().plus(config.bookedHold()) : null,
                "booking:" + arrival.bookingId(), "booking", false, false);
        return checkedTarget(tx.connection(), visit.officeId(), visit.agency(), visit.service())
                .chain(() -> insert(tx, visit, false))
                .onFailure(e -> PgErrors.isConstraint(e, "visit_booking_once"))
                .transform(e -> ApiException.conflict("This booking is already checked in."))
                .invoke(view -> Log.infof("Visit %s issued ticket %s at office %s for booking %s", view.id(),
                        view.ticket(), view.office(), arrival.bookingId()));
    }

    /** 404 for an unknown office, 400 for an agency it does not offer or a service the agency does not have. */
    private Uni<Void> checkedTarget(SqlConnection c, String officeId, String agency, String service) {
        return queries.target(c, officeId, agency, service).invoke(target -> {
            if (target == null) {
                throw ApiException.notFound("Office", officeId);
            }
            checkTarget(target, agency);
        }).replaceWithVoid();
    }

    /** Inserts a visit whose office, agency and service were checked. */
    private Uni<VisitView> insert(Tx tx, NewVisit n, boolean nearTheBack) {
        SqlConnection c = tx.connection();
        return queries.insert(c, n)
                .chain(visit -> queries.position(c, visit, nearTheBack)
                        .chain(position -> queues.stats(c, visit.officeId(), n.queuedAt()).map(stats -> {
                            VisitView view = VisitView.from(visit, position, stats.estimate(visit.agency(), position));
                            tx.emit(VisitEvents.visit(VisitEvents.CREATED, null, null, view, null, null));
                            tx.emit(VisitEvents.queueSummary(stats.summary()));
                            return view;
                        }))
                        .call(view -> agencySummaries(tx, List.of(view.agency()))));
    }

    private static void checkTarget(VisitQueries.Target target, String agency) {
        List<FieldError> errors = new ArrayList<>();
        if (!target.offered()) {
            errors.add(new FieldError("agency", "is not offered at this office"));
        } else if (!target.serviceKnown()) {
            errors.add(new FieldError("service", "is not a service of " + agency));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    // --- transitions ------------------------------------------------------------------------------------------

    /**
     * Applies {@code transition} if the actor may act on the visit (404 otherwise: another office's desk, another
     * agency's officer), its status allows it (409 otherwise) and, for an officer, the officer serves it (403
     * otherwise). A refused transition changes nothing. {@code transfer} is the target of a TRANSFER, else null.
     */
    Uni<VisitView> transition(UUID visitId, Transition transition, Actor actor, TransferRequest transfer) {
        Instant now = clock.instant();
        return db.inTransaction(tx -> {
            SqlConnection c = tx.connection();
            Uni<Set<VisitStatus>> checked = switch (transition) {
                case TRANSFER -> checkTransfer(c, visitId, actor, transfer).replaceWith(transition.from());
                case REQUEUE -> checkRequeue(c, visitId, actor, now);
                default -> Uni.createFrom().item(transition.from());
            };
            return checked
                    .chain(from -> queries.transition(c, transition, from, visitId, now, actor.office(),
                            actor.agency(), actor.officer(), actor.key(), actor.role(),
                            transfer == null ? null : transfer.agency(), transfer == null ? null : transfer.service()))
                    .chain(outcome -> {
                        if (outcome == null || !outcome.visible()) {
                            throw ApiException.notFound("Visit", visitId);
                        }
                        if (!outcome.changed() && transition == Transition.START
                                && outcome.current() == VisitStatus.IN_MEETING && outcome.serving()) {
                            // Started already (both video sides joined): a console pressing start just after is fine.
                            return queries.view(c, visitId).map(v -> VisitView.from(v, null, null));
                        }
                        if (!outcome.changed()) {
                            if (transition.allowedFrom(outcome.current()) && !outcome.serving()) {
                                throw ApiException.forbidden("Only the officer serving this visit may do this.");
                            }
                            throw illegal(transition, outcome.current());
                        }
                        return after(tx, transition, outcome, now);
                    })
                    .call(view -> audit.record(tx, audited(actor, Action.UPDATE, view)));
        }).invoke(view -> Log.infof("Visit %s (%s) at office %s %s by %s", view.id(), view.ticket(), view.office(),
                transition.verb(), actor.role()));
    }

    private static ApiException illegal(Transition transition, VisitStatus current) {
        return ApiException.conflict("A visit that is " + current + " cannot be " + transition.verb()
                + "; that needs a visit that is " + String.join(" or ",
                        transition.from().stream().map(Enum::name).toList()) + ".");
    }

    /**
     * Which statuses a requeue may start from for this actor and visit: CALLED; and NO_SHOW for the desk, when the
     * visit is a walk-in issued today (office-local), so a visitor who stepped out comes back to the same place.
     */
    private Uni<Set<VisitStatus>> checkRequeue(SqlConnection c, UUID visitId, Actor actor, Instant now) {
        return queries.view(c, visitId).map(visit -> {
            if (visit == null || !actor.mayActOn(visit) || visit.status() != VisitStatus.NO_SHOW) {
                return EnumSet.of(VisitStatus.CALLED); // the statement answers 404 / 409 / 403 as for any transition
            }
            if (!Roles.DESK.equals(actor.role())) {
                throw ApiException.forbidden("Only the desk can bring a no-show back into line.");
            }
            if (visit.bookingId() != null) {
                throw ApiException.conflict("A booked visit that was a no-show cannot be brought back into line; "
                        + "its booking is NO_SHOW. Issue a walk-in ticket instead.");
            }
            if (!visit.queuedAt().atZone(visit.zone()).toLocalDate().equals(now.atZone(visit.zone()).toLocalDate())) {
                throw ApiException.conflict("Only a no-show of today can be brought back into line.");
            }
            return EnumSet.of(VisitStatus.CALLED, VisitStatus.NO_SHOW);
        });
    }

    private Uni<Void> checkTransfer(SqlConnection c, UUID visitId, Actor actor, TransferRequest transfer) {
        return queries.view(c, visitId).chain(visit -> {
            if (visit == null || !actor.mayActOn(visit)) {
                throw ApiException.notFound("Visit", visitId);
            }
            return queries.target(c, visit.officeId(), transfer.agency(), transfer.service()).invoke(target -> {
                checkTarget(target, transfer.agency());
                if (!Transition.TRANSFER.allowedFrom(visit.status())) {
                    throw illegal(Transition.TRANSFER, visit.status());
                }
                if (visit.agency().equals(transfer.agency()) && visit.service().equals(transfer.service())) {
                    throw ApiException.conflict("The visit is already for " + transfer.agency() + " and "
                            + transfer.service() + ".");
                }
            }).replaceWithVoid();
        });
    }

    private Uni<VisitView> after(Tx tx, Transition transition, Outcome outcome, Instant now) {
        SqlConnection c = tx.connection();
        Visit visit = outcome.visit();
        boolean waiting = visit.status() == VisitStatus.WAITING;
        // Waiting counts change when a visit leaves or joins a line; service times when a meeting completes.
        boolean summarise = waiting || outcome.from() == VisitStatus.WAITING || transition == Transition.COMPLETE;
        // A completed meeting is a new service time: keep the office's quartiles for the agency before reading them.
        Uni<Void> kept = transition == Transition.COMPLETE
                ? queues.completed(c, visit.officeId(), visit.agency(), now)
                : Uni.createFrom().voidItem();
        Uni<Integer> position = waiting ? queries.position(c, visit, false) : Uni.createFrom().nullItem();
        return kept.chain(() -> position).chain(pos -> (summarise ? queues.stats(c, visit.officeId(), now)
                : Uni.createFrom().<OfficeQueue>nullItem()).map(stats -> {
                    VisitView view = VisitView.from(visit, pos, stats == null ? null : stats.estimate(visit.agency(), pos));
                    var room = outcome.room();
                    UUID officer = outcome.fromOfficer();
                    tx.emit(VisitEvents.visit(transition.eventType(), outcome.from(),
                            transition == Transition.TRANSFER ? outcome.fromAgency() : null, view, officer,
                            room == null ? null : room.id()));
                    if (room != null) {
                        tx.emit(RoomEvents.statusChanged(new RoomStatusChanged(room.id(), room.officeId(), room.name(),
                                room.status(), now)));
                    }
                    if (outcome.freedOfficerAgency() != null) {
                        tx.emit(VisitEvents.presence(officer, outcome.freedOfficerAgency(), Presence.AVAILABLE));
                    }
                    if (stats != null) {
                        tx.emit(VisitEvents.queueSummary(stats.summary()));
                    }
                    return view;
                })).chain(view -> withServability(c, view, now))
                .call(view -> endVideo(tx, transition, outcome, visit))
                .call(view -> bookedVisitEnded(tx, visit, now)).call(view -> {
                    if (!waiting && outcome.from() != VisitStatus.WAITING) {
                        return Uni.createFrom().voidItem(); // no line changed
                    }
                    List<String> agencies = new ArrayList<>(List.of(visit.agency()));
                    if (transition == Transition.TRANSFER && outcome.fromAgency() != null
                            && !outcome.fromAgency().equals(visit.agency())) {
                        agencies.add(outcome.fromAgency());
                    }
                    return agencySummaries(tx, agencies);
                });
    }

    /**
     * Both sides of the visit's video session have joined: a CALLED visit starts by itself (IN_MEETING, room OCCUPIED,
     * the usual events), inside the admission's transaction {@code tx}. A visit another transaction holds right now
     * is left alone (that transaction is ending or starting it); a visit no longer CALLED too.
     */
    Uni<Void> startByVideo(Tx tx, UUID sessionId, UUID visitId, UUID officerId) {
        Instant now = clock.instant();
        return queries.startUnlessLocked(tx.connection(), visitId, officerId, now, "video-session:" + sessionId)
                .chain(outcome -> {
                    if (outcome == null || !outcome.changed()) {
                        Log.debugf("Visit %s not started by its video session %s: %s", visitId, sessionId,
                                outcome == null ? "held by another transaction" : outcome.current());
                        return Uni.createFrom().voidItem();
                    }
                    return after(tx, Transition.START, outcome, now).invoke(view -> Log.infof(
                            "Visit %s (%s) at office %s started: both sides joined video session %s", view.id(),
                            view.ticket(), view.office(), sessionId)).replaceWithVoid();
                });
    }

    /** Starts visits when both video sides have joined. */
    @jakarta.enterprise.context.ApplicationScoped
    static class StartWhenJoined implements se.servicekontor.videomote.video.VideoJoinListener {

        private final VisitService visits;

        StartWhenJoined(VisitService visits) {
            this.visits = visits;
        }

        @Override
        public Uni<Void> bothJoined(Tx tx, UUID sessionId, UUID visitId, UUID officerId) {
            return visits.startByVideo(tx, sessionId, visitId, officerId);
        }
    }

    /**
     * An officer's presence changed, and with it who is on duty: the agency's officers get its waiting counts again,
     * with how many nobody on duty can serve now. (An office's own queue summary follows with its next change.)
     */
    @jakarta.enterprise.context.ApplicationScoped
    static class RecountWhenPresenceChanges implements se.servicekontor.videomote.agencies.PresenceListener {

        private final VisitService visits;

        RecountWhenPresenceChanges(VisitService visits) {
            this.visits = visits;
        }

        @Override
        public Uni<Void> presenceChanged(Tx tx, String agency) {
            return visits.agencySummaries(tx, List.of(agency));
        }
    }

    /** A called or in-meeting visit that leaves its room ends its video session: tokens die, peers get bye. */
    private Uni<Void> endVideo(Tx tx, Transition transition, Outcome outcome, Visit visit) {
        boolean leftRoom = outcome.from().active() && !visit.status().active();
        return leftRoom ? video.end(tx, visit.id(), transition.action()) : Uni.createFrom().voidItem();
    }

    /** A booked visit that ended takes its booking with it, in the same transaction. */
    private Uni<Void> bookedVisitEnded(Tx tx, Visit visit, Instant now) {
        if (visit.bookingId() == null || !(visit.status() == VisitStatus.COMPLETED
                || visit.status() == VisitStatus.NO_SHOW || visit.status() == VisitStatus.CANCELLED)) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (BookedVisitListener listener : bookedVisits) {
            chain = chain.call(() -> listener.ended(tx, visit.bookingId(), visit.status(), now));
        }
        return chain;
    }

    /**
     * The national waiting counts of {@code agencies} change with {@code tx}: published to their officers shortly
     * after it commits ({@link AgencyWaitingPublisher}), never inside it.
     */
    Uni<Void> agencySummaries(Tx tx, List<String> agencies) { // not private: called through the client proxy
        agencyWaiting.changed(tx, agencies);
        return Uni.createFrom().voidItem();
    }

    // --- reads ------------------------------------------------------------------------------------------------

    /** A visit, for the desk of its office, the officer serving it or an admin; 404 for anyone else. */
    Uni<VisitView> get(UUID visitId, Actor actor) {
        return db.withConnection(c -> queries.view(c, visitId).chain(visit -> {
            if (visit == null || !actor.maySee(visit)) {
                throw ApiException.notFound("Visit", visitId);
            }
            if (visit.status() != VisitStatus.WAITING) {
                return Uni.createFrom().item(VisitView.from(visit, null, null));
            }
            return positioned(c, visit, clock.instant());
        }).call(view -> audit.record(c, audited(actor, Action.READ, view))));
    }

    /** The access-log entry for an answer that shows the visit (with its visitor's name). */
    static Audit.Entry audited(Actor actor, Action action, VisitView view) {
        return new Audit.Entry(view.office(), actor.key(), actor.role(), action, Resource.VISIT, view.id());
    }

    /** Everything that happened to a visit, oldest first. */
    Uni<List<HistoryEntry>> history(UUID visitId, Actor actor) {
        return db.withConnection(c -> queries.view(c, visitId).chain(visit -> {
            if (visit == null || !actor.maySee(visit)) {
                throw ApiException.notFound("Visit", visitId);
            }
            return queries.history(c, visitId).map(rows -> rows.stream().map(h -> new HistoryEntry(
                    VisitRecords.at(h.at(), visit.zone()), h.action(), status(h.from()), status(h.to()), h.agency(),
                    h.service(), h.fromAgency(), h.fromService(), h.officerId(), h.roomId(), h.actor(), h.actorRole()))
                    .toList());
        }));
    }

    private static VisitStatus status(String name) {
        return name == null ? null : VisitStatus.valueOf(name);
    }

    private static void require(List<FieldError> errors, Object value, String field) {
        if (value == null) {
            errors.add(new FieldError(field, "must not be null"));
        }
    }
}
