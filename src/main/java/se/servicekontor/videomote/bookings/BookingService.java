package se.servicekontor.videomote.bookings;

import static se.servicekontor.videomote.common.Text.blankToNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.bookings.BookingQueries.Context;
import se.servicekontor.videomote.bookings.BookingQueries.NewBooking;
import se.servicekontor.videomote.bookings.BookingQueries.Pick;
import se.servicekontor.videomote.bookings.BookingQueries.Wanted;
import se.servicekontor.videomote.bookings.BookingRecords.BookingRequest;
import se.servicekontor.videomote.bookings.BookingRecords.BookingView;
import se.servicekontor.videomote.bookings.BookingRecords.CheckInView;
import se.servicekontor.videomote.bookings.BookingRecords.VisitorRequest;
import se.servicekontor.videomote.bookings.SlotGrid.Period;
import se.servicekontor.videomote.bookings.SlotGrid.Slot;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.PgErrors;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.common.Tx;
import se.servicekontor.videomote.privacy.Audit;
import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.privacy.Audit.Resource;
import se.servicekontor.videomote.notifications.NotificationService;
import se.servicekontor.videomote.visits.BookedArrival;
import se.servicekontor.videomote.visits.VisitRecords.VisitView;
import se.servicekontor.videomote.visits.VisitService;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

/**
 * Booking, reading, cancelling, rescheduling and checking in video meetings. Every write is one short raw SQL
 * transaction; the room and the officer are picked inside it and the exclusion constraints guarantee that neither is
 * ever booked twice.
 */
@ApplicationScoped
public class BookingService {

    /** The longest day list one request returns. */
    static final int DAY_LIST_LIMIT = 2000;
    /** Personal numbers are judged against the Swedish calendar day. */
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

    private final BookingQueries queries;
    private final VisitService visits;
    private final BookingConfig config;
    private final Idempotency idempotency;
    private final Db db;
    private final Clock clock;
    private final Audit audit;
    private final NotificationService notifications;

    public BookingService(BookingQueries queries, BookingConfig config, Idempotency idempotency, Db db, Clock clock,
            VisitService visits, Audit audit, NotificationService notifications) {
        this.audit = audit;
        this.visits = visits;
        this.notifications = notifications;
        this.queries = queries;
        this.config = config;
        this.idempotency = idempotency;
        this.db = db;
        this.clock = clock;
    }

    // --- booking ------------------------------------------------------------------------------------------------

    /**
     * Books a meeting: checks the slot, then picks a room and an officer and inserts the booking in one transaction.
     * When a concurrent booking takes the pick, it picks again (up to {@code max-attempts}) before answering 409.
     * The caller has been scoped to the office and agency already.
     */
    public Uni<BookingView> book(Caller caller, BookingRequest request, Idempotency.Key key) {
        return book(caller, request, key, null).map(b -> BookingView.from(b, false));
    }

    /**
     * A visitor booked for themselves: the hash of the manage code and the visitor's language are stored with the
     * booking; the code itself only goes into the answer and the confirmation.
     */
    record SelfBooking(String manageCode, byte[] manageCodeHash, String locale) {
    }

    /**
     * Books; {@code self} is null for staff. The remembered idempotent answer is the staff view, or for a visitor the
     * public view without the manage code (which is never stored in clear).
     */
    Uni<Booking> book(Caller caller, BookingRequest request, Idempotency.Key key, SelfBooking self) {
        Instant now = clock.instant();
        Instant start = request.start().toInstant();
        List<FieldError> errors = new ArrayList<>();
        checkStart(errors, start, now);
        String personalNumber = personalNumber(errors, request.visitor());
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid(errors));
        }
        VisitorRequest visitor = request.visitor();
        NewBooking booking = new NewBooking(UUID.randomUUID(), References.next(),
                Boolean.TRUE.equals(request.interpreter()), visitor.name().strip(), blankToNull(visitor.phone()),
                blankToNull(visitor.email()), personalNumber, caller.key(), now);
        LocalDate utcDate = LocalDate.ofInstant(start, ZoneOffset.UTC);
        return db.inTransaction(tx -> idempotency.claim(tx.connection(), key)
                .chain(() -> queries.context(tx.connection(), request.office(), request.agency(), request.service(),
                        utcDate.minusDays(1), utcDate.plusDays(1)))
                .chain(ctx -> {
                    OfficeCalendar calendar = requireOffice(ctx, request.office());
                    Slot slot = requireSlot(calendar, start, Duration.ofMinutes(ctx.durationMinutes()));
                    Wanted wanted = wanted(calendar, request.agency(), request.service(), slot,
                            Boolean.TRUE.equals(request.accessibleRoom()), request.language(), null, null, null);
                    return insert(tx.connection(), calendar, wanted, booking, 1);
                })
                .call(created -> audit.record(tx,
                        Audit.entry(caller, Action.CREATE, Resource.BOOKING, created.id(), created.officeId())))
                .call(created -> self == null ? Uni.createFrom().voidItem()
                        : queries.selfService(tx.connection(), created.id(), self.manageCodeHash(), self.locale()))
                .call(created -> notifications.booked(tx, created.id(), created.visitorPhone(),
                        created.visitorEmail(), self == null ? null : self.manageCode()))
                .call(created -> {
                    tx.emit(BookingEvents.of(BookingEvents.CREATED, created));
                    if (self != null) {
                        var view = PublicBookingRecords.PublicBookingView.from(created, null);
                        return idempotency.remember(tx.connection(), key, 201, view, view.location());
                    }
                    BookingView view = BookingView.from(created, false);
                    return idempotency.remember(tx.connection(), key, 201, view, view.location());
                }))
                .invoke(b -> Log.infof("Booking %s created at office %s: %s/%s at %s, room %s, officer %s%s", b.id(),
                        b.officeId(), b.agency(), b.service(), b.start(), b.roomId(), b.officerId(),
                        self == null ? "" : " (self-booked)"));
    }

    /** Picks and inserts until written, nothing is free, or the attempts are used up; answers the row written. */
    private Uni<Booking> insert(SqlConnection tx, OfficeCalendar calendar, Wanted wanted, NewBooking booking,
            int attempt) {
        return queries.insert(tx, wanted, booking).chain(pick -> {
            if (pick.written()) {
                return Uni.createFrom().item(created(calendar, wanted, booking, pick));
            }
            refuseIfNothingFree(pick, wanted);
            if (attempt >= config.maxAttempts()) {
                throw ApiException.conflict("Concurrent bookings took every room or officer this request tried; "
                        + "ask for availability again.");
            }
            Log.debugf("Booking attempt %d at office %s lost its pick to a concurrent booking", attempt,
                    wanted.officeId());
            // A new reference too: a taken reference also makes the insert write nothing.
            return insert(tx, calendar, wanted, booking.withReference(References.next()), attempt + 1);
        });
    }

    private static Booking created(OfficeCalendar calendar, Wanted w, NewBooking n, Pick pick) {
        return new Booking(n.id(), n.reference(), w.officeId(), calendar.zone().getId(), w.agency(), w.service(),
                pick.roomId(), pick.roomName(), pick.officerId(), pick.officerName(), w.start(), w.end(),
                BookingStatus.BOOKED, w.language(), n.interpreter(), w.accessibleRoom(), n.visitorName(),
                n.visitorPhone(), n.visitorEmail(), n.personalNumber(), n.now(), null);
    }

    // --- reading ------------------------------------------------------------------------------------------------

    /** One booking, with the full personal number; 404 for a booking the caller may not see. */
    public Uni<BookingView> get(Caller caller, UUID id) {
        return db.withConnection(c -> queries.find(c, id).map(b -> requireVisible(caller, b, id))
                .call(b -> audit.record(c, Audit.entry(caller, Action.READ, Resource.BOOKING, b.id(), b.officeId()))))
                .map(b -> BookingView.from(b, true));
    }

    /** The booking with this reference, if the caller may see it: a list of at most one, masked. */
    public Uni<List<BookingView>> byReference(Caller caller, String typed) {
        String reference = References.parse(typed).orElseThrow(() -> ApiException.invalid("reference",
                "must be six letters and digits such as " + References.EXAMPLE));
        return db.withConnection(c -> queries.byReference(c, reference)
                .map(b -> b != null && mayView(caller, b) ? List.of(b) : List.<Booking>of())
                .call(found -> audit.record(c, read(caller, found))))
                .map(found -> found.stream().map(b -> BookingView.from(b, false)).toList());
    }

    /**
     * The bookings of an office starting on {@code date} (its local date; today by default), masked; an officer
     * sees only its own agency's. The caller has been scoped to the office already.
     */
    public Uni<List<BookingView>> forOffice(Caller caller, String officeId, LocalDate date, BookingStatus status) {
        String onlyAgency = caller.isAdmin() || caller.has(Roles.DESK) ? null
                : (caller.agency() == null ? "" : caller.agency());
        return db.withConnection(c -> queries.officeZone(c, officeId)
                .chain(zone -> {
                    if (zone == null) {
                        throw ApiException.notFound("Office", officeId);
                    }
                    LocalDate day = date != null ? date : LocalDate.now(clock.withZone(zone));
                    return queries.forOffice(c, officeId, day.atStartOfDay(zone).toInstant(),
                            day.plusDays(1).atStartOfDay(zone).toInstant(), onlyAgency, status, DAY_LIST_LIMIT);
                }).call(list -> audit.record(c, read(caller, list))))
                .map(list -> list.stream().map(b -> BookingView.from(b, false)).toList());
    }

    // --- changing -----------------------------------------------------------------------------------------------

    /** BOOKED → CANCELLED: the room and the officer are free again the moment this commits. */
    public Uni<BookingView> cancel(Caller caller, UUID id) {
        return cancel(caller, id, b -> requireVisible(caller, b, id)).map(b -> BookingView.from(b, false));
    }

    /** Cancels after {@code check} accepted the locked booking (it throws otherwise). */
    Uni<Booking> cancel(Caller caller, UUID id, java.util.function.Consumer<Booking> check) {
        Instant now = clock.instant();
        return db.inTransaction(tx -> queries.lock(tx.connection(), id).chain(b -> {
            check.accept(b);
            requireStatus(b, BookingStatus.BOOKED, "cancelled");
            return queries.setStatus(tx.connection(), id, BookingStatus.CANCELLED, now);
        }).call(b -> audit.record(tx, Audit.entry(caller, Action.UPDATE, Resource.BOOKING, b.id(),
                b.officeId())))
                .call(b -> notifications.cancelled(tx, b.id()))
                .invoke(b -> tx.emit(BookingEvents.of(BookingEvents.CANCELLED, b))))
                .invoke(b -> Log.infof("Booking %s at office %s cancelled", b.id(), b.officeId()));
    }

    /**
     * Moves a BOOKED booking to another slot of its office and service, keeping its room and officer when they are
     * free then, else picking others by the same rules as a new booking. 409 leaves the booking untouched.
     *
     * <p>A move is an update, and a concurrent booking of the same room or officer makes it fail with an exclusion
     * violation that aborts the transaction (the client cannot resume a failed transaction after a savepoint), so a
     * lost race retries the whole, short transaction with a fresh look at what is free.
     */
    public Uni<BookingView> reschedule(Caller caller, UUID id, Instant start) {
        return reschedule(caller, id, start, b -> requireVisible(caller, b, id)).map(b -> BookingView.from(b, false));
    }

    /** Moves after {@code check} accepted the locked booking (it throws otherwise). */
    Uni<Booking> reschedule(Caller caller, UUID id, Instant start, java.util.function.Consumer<Booking> check) {
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        checkStart(errors, start, now);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid(errors));
        }
        return reschedule(caller, check, id, start, now, 1)
                .invoke(b -> Log.infof("Booking %s at office %s rescheduled to %s, room %s, officer %s", b.id(),
                        b.officeId(), b.start(), b.roomId(), b.officerId()));
    }

    private Uni<Booking> reschedule(Caller caller, java.util.function.Consumer<Booking> check, UUID id, Instant start,
            Instant now,
            int attempt) {
        LocalDate utcDate = LocalDate.ofInstant(start, ZoneOffset.UTC);
        return db.inTransaction(tx -> queries.lock(tx.connection(), id).chain(before -> {
            check.accept(before);
            requireStatus(before, BookingStatus.BOOKED, "rescheduled");
            return queries.lockMoves(tx.connection(), before.officeId(), before.agency())
                    .chain(() -> queries.context(tx.connection(), before.officeId(), before.agency(),
                            before.service(), utcDate.minusDays(1), utcDate.plusDays(1)))
                    .chain(ctx -> {
                        if (ctx.durationMinutes() == null || ctx.offices().isEmpty()
                                || !ctx.offices().get(0).offersAgency()) {
                            throw ApiException.conflict("The office no longer offers this service.");
                        }
                        OfficeCalendar calendar = ctx.offices().get(0).calendar();
                        Slot slot = requireSlot(calendar, start, Duration.ofMinutes(ctx.durationMinutes()));
                        Wanted wanted = wanted(calendar, before.agency(), before.service(), slot,
                                before.accessibleRoom(), before.language(), before.id(), before.roomId(),
                                before.officerId());
                        return queries.move(tx.connection(), wanted, now).map(pick -> {
                            if (!pick.written()) {
                                refuseIfNothingFree(pick, wanted);
                                throw new IllegalStateException("A picked room and officer were not written");
                            }
                            return moved(before, wanted, pick);
                        });
                    })
                    .call(after -> audit.record(tx, Audit.entry(caller, Action.UPDATE, Resource.BOOKING,
                            after.id(), after.officeId())))
                    .call(after -> notifications.rescheduled(tx, after.id()))
                    .invoke(after -> tx.emit(BookingEvents.rescheduled(after, before.start(), before.officerId())));
        })).onFailure(BookingService::lostRace).recoverWithUni(e -> {
            if (attempt >= config.maxAttempts()) {
                return Uni.createFrom().failure(ApiException.conflict(
                        "Concurrent bookings took every room or officer this request tried; ask for availability again."));
            }
            Log.debugf("Reschedule attempt %d of booking %s lost its pick to a concurrent booking", attempt, id);
            return reschedule(caller, check, id, start, now, attempt + 1);
        });
    }

    /** A concurrent booking or move got the room or officer first (or crossed ours): worth another try. */
    private static boolean lostRace(Throwable e) {
        return PgErrors.is(e, PgErrors.EXCLUSION_VIOLATION) || PgErrors.is(e, PgErrors.DEADLOCK_DETECTED);
    }

    private static Booking moved(Booking b, Wanted w, Pick pick) {
        return new Booking(b.id(), b.reference(), b.officeId(), b.timeZone(), b.agency(), b.service(), pick.roomId(),
                pick.roomName(), pick.officerId(), pick.officerName(), w.start(), w.end(), b.status(), b.language(),
                b.interpreter(), b.accessibleRoom(), b.visitorName(), b.visitorPhone(), b.visitorEmail(),
                b.personalNumber(), b.createdAt(), b.checkedInAt());
    }

    /**
     * The visitor has arrived: BOOKED → CHECKED_IN, by the desk of the booking's office (or an admin), from
     * {@code check-in-opens-before} before the booked start until {@code no-show-after} after it.
     */
    public Uni<CheckInView> checkIn(Caller caller, UUID id) {
        Instant now = clock.instant();
        return db.inTransaction(tx -> checkIn(tx, caller, id, now))
                .invoke(c -> Log.infof("Booking %s at office %s checked in as visit %s", c.booking().id(),
                        c.booking().officeId(), c.visit().id()))
                .map(c -> new CheckInView(BookingView.from(c.booking(), false), c.visit()));
    }

    /** A checked-in booking and the visit its check-in created. */
    record CheckedIn(Booking booking, VisitView visit) {
    }

    /**
     * The check-in transaction, kept in one place so that the visit of a booked meeting is created in it: the
     * visits integration adds its call where marked, on the same {@code tx}, so that the booking is CHECKED_IN if
     * and only if its visit (with its ticket, first in line for the booked officer) exists.
     */
    Uni<CheckedIn> checkIn(Tx tx, Caller caller, UUID id, Instant now) {
        return queries.lock(tx.connection(), id).chain(b -> {
            if (b == null || !(caller.isAdmin() || (caller.has(Roles.DESK) && b.officeId().equals(caller.office())))) {
                throw ApiException.notFound("Booking", id);
            }
            requireStatus(b, BookingStatus.BOOKED, "checked in");
            if (now.isBefore(b.start().minus(config.checkInOpensBefore()))) {
                throw ApiException.conflict("Check-in opens " + config.checkInOpensBefore().toMinutes()
                        + " minutes before the booked time.");
            }
            if (!now.isBefore(b.start().plus(config.noShowAfter()))) {
                throw ApiException.conflict("Check-in closed " + config.noShowAfter().toMinutes()
                        + " minutes after the booked time; book a new meeting or join the walk-in queue.");
            }
            return queries.setStatus(tx.connection(), id, BookingStatus.CHECKED_IN, now);
        })
                .chain(b -> visits.createForBooking(tx, new BookedArrival(b.id(), b.officeId(), b.agency(), b.service(),
                        b.language(), b.interpreter(), b.officerId(), b.roomId(), b.start(), b.end(), b.visitorName()))
                        .map(visit -> new CheckedIn(b, visit)))
                .call(c -> audit.record(tx, List.of(
                        Audit.entry(caller, Action.UPDATE, Resource.BOOKING, c.booking().id(), c.booking().officeId()),
                        Audit.entry(caller, Action.CREATE, Resource.VISIT, c.visit().id(), c.booking().officeId()))))
                .invoke(c -> tx.emit(BookingEvents.of(BookingEvents.CHECKED_IN, c.booking())));
    }

    /**
     * The visit of a checked-in booking ended: the booking becomes COMPLETED, NO_SHOW or CANCELLED with it, which
     * frees its room and officer for the rest of the slot.
     */
    Uni<Void> visitEnded(Tx tx, UUID bookingId, BookingStatus outcome, Instant now) {
        return queries.finish(tx.connection(), bookingId, outcome, now).invoke(b -> {
            if (b != null) {
                tx.emit(BookingEvents.of(outcome == BookingStatus.COMPLETED ? BookingEvents.COMPLETED
                        : outcome == BookingStatus.NO_SHOW ? BookingEvents.NO_SHOW : BookingEvents.CANCELLED, b));
            }
        }).replaceWithVoid();
    }

    /**
     * Marks bookings whose visitor was not checked in within {@code no-show-after} of the start as NO_SHOW, which
     * frees their room and officer for the rest of the slot. Returns how many were marked.
     */
    public Uni<Integer> markNoShows() {
        Instant now = clock.instant();
        return db.inTransaction(tx -> queries.markNoShows(tx.connection(), now.minus(config.noShowAfter()),
                config.noShowSweepBatch(), now)
                .invoke(marked -> marked.forEach(b -> tx.emit(BookingEvents.of(BookingEvents.NO_SHOW, b)))))
                .invoke(marked -> marked.forEach(b -> Log.infof("Booking %s at office %s marked NO_SHOW", b.id(),
                        b.officeId())))
                .map(List::size);
    }

    /** READ entries for the bookings an answer shows (their visitor's name at least). */
    private static List<Audit.Entry> read(Caller caller, List<Booking> shown) {
        List<Audit.Entry> entries = new ArrayList<>(shown.size());
        for (Booking b : shown) {
            entries.add(Audit.entry(caller, Action.READ, Resource.BOOKING, b.id(), b.officeId()));
        }
        return entries;
    }

    // --- reference data that bookings hold ----------------------------------------------------------------------

    /** A booking as staff see it when closing or retiring what it needs: no visitor, no personal data. */
    public record HeldBy(UUID id, String reference, java.time.OffsetDateTime start, BookingStatus status) {
    }

    /** What a booking can hold: its office, room, officer or service ({@code agency/service}). */
    public enum Holder {
        OFFICE, ROOM, OFFICER, SERVICE
    }

    /** The most bookings one answer lists. */
    public static final int HELD_LIST_LIMIT = 200;

    /**
     * Active bookings (BOOKED, CHECKED_IN) of {@code holder} {@code id} starting in [from, to), in the caller's
     * transaction and locked, so that they cannot be checked in or moved until it ends.
     */
    public Uni<List<HeldBy>> heldBy(Tx tx, Holder holder, String id, Instant from, Instant to) {
        return queries.holding(tx.connection(), holder.name().toLowerCase(java.util.Locale.ROOT), id, from, to,
                HELD_LIST_LIMIT, true)
                .map(list -> list.stream().map(h -> new HeldBy(h.id(), h.reference(), h.start(), h.status())).toList());
    }

    /** As {@link #heldBy(Tx, Holder, String, Instant, Instant)}, outside a transaction and without locks. */
    public Uni<List<HeldBy>> heldBy(Holder holder, String id, Instant from, Instant to) {
        return db.withConnection(c -> queries.holding(c, holder.name().toLowerCase(java.util.Locale.ROOT), id, from,
                to, HELD_LIST_LIMIT, false))
                .map(list -> list.stream().map(h -> new HeldBy(h.id(), h.reference(), h.start(), h.status())).toList());
    }

    /**
     * An office closes on a day: cancels, in the caller's transaction, its BOOKED bookings starting in [from, to)
     * (CHECKED_IN ones have a visit under way and are left as they are), with the usual {@code booking.cancelled}
     * events. Answers every active booking of that day, as it is afterwards.
     */
    public Uni<List<HeldBy>> cancelForClosure(Tx tx, String officeId, Instant from, Instant to, Instant now) {
        return heldBy(tx, Holder.OFFICE, officeId, from, to).chain(held -> {
            Uni<List<HeldBy>> chain = Uni.createFrom().item(new ArrayList<HeldBy>());
            for (HeldBy h : held) {
                chain = chain.chain(done -> {
                    if (h.status() != BookingStatus.BOOKED) {
                        done.add(h);
                        return Uni.createFrom().item(done);
                    }
                    return queries.setStatus(tx.connection(), h.id(), BookingStatus.CANCELLED, now).map(b -> {
                        tx.emit(BookingEvents.of(BookingEvents.CANCELLED, b));
                        Log.infof("Booking %s at office %s cancelled: the office closed that day", b.id(), officeId);
                        done.add(new HeldBy(h.id(), h.reference(), h.start(), BookingStatus.CANCELLED));
                        return done;
                    });
                });
            }
            return chain.map(List::copyOf);
        });
    }

    // --- rules --------------------------------------------------------------------------------------------------

    /** Admin; the desk of the booking's office; an officer of the booking's agency. */
    static boolean mayView(Caller caller, Booking b) {
        return caller.isAdmin()
                || (caller.has(Roles.DESK) && b.officeId().equals(caller.office()))
                || (caller.has(Roles.OFFICER) && b.agency().equals(caller.agency()));
    }

    private static Booking requireVisible(Caller caller, Booking b, UUID id) {
        if (b == null || !mayView(caller, b)) {
            throw ApiException.notFound("Booking", id);
        }
        return b;
    }

    private static void requireStatus(Booking b, BookingStatus required, String verb) {
        if (b.status() != required) {
            throw ApiException.conflict("The booking is " + b.status() + "; only a " + required + " booking can be "
                    + verb + ".");
        }
    }

    private void checkStart(List<FieldError> errors, Instant start, Instant now) {
        if (!start.isAfter(now)) {
            errors.add(new FieldError("start", "must be in the future"));
        } else if (start.isAfter(now.plus(Duration.ofDays(config.horizonDays())))) {
            errors.add(new FieldError("start", "must be at most " + config.horizonDays() + " days ahead"));
        }
    }

    /** The normalised personal number, or null; a wrong one is reported without repeating it. */
    private String personalNumber(List<FieldError> errors, VisitorRequest visitor) {
        String typed = blankToNull(visitor.personalNumber());
        if (typed == null) {
            return null;
        }
        try {
            return PersonalNumber.normalise(typed, LocalDate.now(clock.withZone(SWEDEN)));
        } catch (PersonalNumber.Invalid e) {
            errors.add(new FieldError("visitor.personalNumber", e.getMessage()));
            return null;
        }
    }

    private static OfficeCalendar requireOffice(Context ctx, String officeId) {
        List<FieldError> problems = ctx.problems(officeId);
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
        return ctx.offices().get(0).calendar();
    }

    /**
     * The slot starting at {@code start}: 400 when the time is off the office's grid, 409 when the office is not
     * open then (closed that day, outside its hours, no stop of a mobile office).
     */
    private static Slot requireSlot(OfficeCalendar calendar, Instant start, Duration duration) {
        LocalDate date = LocalDate.ofInstant(start, calendar.zone());
        for (Slot slot : calendar.slotsOn(date, duration)) {
            if (slot.start().equals(start)) {
                return slot;
            }
        }
        String closed = calendar.closedBecause(date);
        if (closed != null) {
            throw ApiException.conflict(closed + " No meeting can be booked that day.");
        }
        LocalTime local = LocalTime.ofInstant(start, calendar.zone());
        for (Period period : calendar.periodsOn(date)) {
            if (!local.isBefore(period.opens()) && local.isBefore(period.closes())) {
                throw ApiException.invalid("start", "must be a slot start: an opening time plus whole multiples of "
                        + duration.toMinutes() + " minutes (see GET /api/v1/availability)");
            }
        }
        throw ApiException.conflict("The office is not open for this service at that time.");
    }

    private static Wanted wanted(OfficeCalendar calendar, String agency, String service, Slot slot,
            boolean accessibleRoom, String language, UUID booking, UUID preferRoom, UUID preferOfficer) {
        LocalDate day = LocalDate.ofInstant(slot.start(), calendar.zone());
        return new Wanted(calendar.officeId(), agency, service, slot.start(), slot.end(), accessibleRoom, language, day,
                booking, preferRoom, preferOfficer);
    }

    private static void refuseIfNothingFree(Pick pick, Wanted wanted) {
        if (pick.roomId() == null) {
            throw ApiException.conflict(wanted.accessibleRoom()
                    ? "No accessible visitor room is free at the office for the whole slot."
                    : "No visitor room is free at the office for the whole slot.");
        }
        if (pick.officerId() == null) {
            throw ApiException.conflict("No case officer with this service"
                    + (wanted.language() == null ? "" : " and language") + " is on shift and free for the whole slot.");
        }
    }
}
