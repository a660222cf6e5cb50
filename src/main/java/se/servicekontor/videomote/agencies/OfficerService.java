package se.servicekontor.videomote.agencies;

import static se.servicekontor.videomote.agencies.OfficerRecords.SHIFT_ZONE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.agencies.OfficerRecords.GeneratedShifts;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerPatch;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftTemplateRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.WeeklyShift;
import se.servicekontor.videomote.bookings.BookingService;
import se.servicekontor.videomote.offices.SwedishHolidays;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerView;
import se.servicekontor.videomote.agencies.OfficerRecords.PresenceChanged;
import se.servicekontor.videomote.agencies.OfficerRecords.PresenceView;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftView;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.PgErrors;
import se.servicekontor.videomote.common.RequestBodies.Checked;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.live.Streams;

/** Case officers: who they are, what they handle, their presence and their shifts. */
@ApplicationScoped
public class OfficerService {

    public static final String OFFICER_PRESENCE = "officer.presence";
    static final Duration LONGEST_SHIFT = Duration.ofHours(24);

    private final OfficerRepository officers;
    private final ShiftRepository shifts;
    private final OfficerQueries queries;
    private final AgencyRepository agencies;
    private final Idempotency idempotency;
    private final Db db;
    private final Clock clock;
    private final BookingService bookings;
    private final List<PresenceListener> presenceListeners;

    public OfficerService(OfficerRepository officers, ShiftRepository shifts, OfficerQueries queries,
            AgencyRepository agencies, Idempotency idempotency, Db db, Clock clock, BookingService bookings,
            jakarta.enterprise.inject.Instance<PresenceListener> presenceListeners) {
        this.bookings = bookings;
        this.presenceListeners = presenceListeners.stream().toList();
        this.officers = officers;
        this.shifts = shifts;
        this.queries = queries;
        this.agencies = agencies;
        this.idempotency = idempotency;
        this.db = db;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<OfficerView>> list(String agency, boolean includeRetired) {
        return officers.search(agency, includeRetired).map(all -> all.stream().map(OfficerView::from).toList());
    }

    @WithSession
    public Uni<OfficerView> get(UUID id) {
        return require(id).map(OfficerView::from);
    }

    @WithTransaction
    public Uni<OfficerView> create(Checked<OfficerRequest> checked, Idempotency.Key key) {
        OfficerRequest request = checked.value();
        if (request == null || checked.failed("agency")) {
            return Uni.createFrom().failure(ApiException.invalid(checked.errors()));
        }
        return agencies.findWithServices(request.agency()).chain(agency -> {
            List<FieldError> errors = new ArrayList<>();
            if (agency == null) {
                errors.add(new FieldError("agency", "is not a known agency"));
            } else if (request.services() != null) {
                for (int i = 0; i < request.services().size(); i++) {
                    String code = request.services().get(i);
                    if (agency.services.stream().noneMatch(s -> s.code().equals(code) && s.retiredAt() == null)) {
                        errors.add(new FieldError("services[" + i + "]", "is not a service of " + agency.code));
                    }
                }
            }
            checked.orThrow(errors);
            CaseOfficer officer = new CaseOfficer();
            officer.id = UUID.randomUUID();
            officer.agencyCode = agency.code;
            officer.name = request.name().strip();
            officer.languages = new LinkedHashSet<>(request.languages());
            Set<OfficerSkill> skills = new LinkedHashSet<>();
            request.services().forEach(code -> skills.add(new OfficerSkill(agency.code, code)));
            officer.services = skills;
            return Panache.getSession().chain(session -> idempotency.claim(session, key)
                    .chain(() -> officers.persistAndFlush(officer))
                    .invoke(o -> o.presence = Presence.OFFLINE) // the column default; never written by the entity
                    .map(OfficerView::from)
                    .call(view -> idempotency.remember(session, key, 201, view, view.location())));
        }).invoke(view -> Log.infof("Officer %s added to %s", view.id(), view.agency()));
    }

    /** The officer (or an admin) sets AVAILABLE, AWAY or OFFLINE; BUSY belongs to the visits. */
    public Uni<PresenceView> setPresence(UUID officerId, Presence presence) {
        if (presence == Presence.BUSY) {
            return Uni.createFrom().failure(ApiException.conflict("BUSY is set by the system only."));
        }
        Instant now = clock.instant();
        return db.inTransaction(tx -> queries.setByOfficer(tx.connection(), officerId, presence, now).chain(agency -> {
            if (agency != null) {
                tx.emit(new Event(Streams.officer(officerId), OFFICER_PRESENCE,
                        new PresenceChanged(officerId, agency, presence)));
                Uni<Void> told = Uni.createFrom().voidItem();
                for (PresenceListener listener : presenceListeners) {
                    told = told.call(() -> listener.presenceChanged(tx, agency));
                }
                return told.replaceWith(new PresenceView(officerId, presence));
            }
            return queries.lock(tx.connection(), officerId).map(state -> {
                if (state == null) {
                    throw ApiException.notFound("Officer", officerId);
                }
                if (state.retired()) {
                    throw ApiException.conflict("The officer is retired.");
                }
                throw ApiException.conflict("The officer is serving a visit; complete it first.");
            });
        })).invoke(view -> Log.infof("Officer %s is %s", officerId, presence));
    }

    @WithSession
    public Uni<List<ShiftView>> shifts(UUID officerId, Instant from, Instant to) {
        Instant start = from != null ? from : clock.instant().minus(Duration.ofDays(1));
        Instant end = to != null ? to : Instant.parse("9999-12-31T00:00:00Z");
        return require(officerId).chain(o -> shifts.forOfficer(officerId, start, end, 1000))
                .map(list -> list.stream().map(ShiftView::from).toList());
    }

    @WithTransaction
    public Uni<ShiftView> addShift(UUID officerId, ShiftRequest request, Idempotency.Key key) {
        Instant start = request.start().toInstant();
        Instant end = request.end().toInstant();
        List<FieldError> errors = new ArrayList<>();
        if (!end.isAfter(start)) {
            errors.add(new FieldError("end", "must be after start"));
        } else if (Duration.between(start, end).compareTo(LONGEST_SHIFT) > 0) {
            errors.add(new FieldError("end", "a shift lasts at most 24 hours"));
        }
        if (!end.isAfter(clock.instant())) {
            errors.add(new FieldError("end", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid(errors));
        }
        Shift shift = new Shift();
        shift.id = UUID.randomUUID();
        shift.officerId = officerId;
        shift.start = start;
        shift.end = end;
        return requireActive(officerId).chain(o -> Panache.getSession().chain(session -> idempotency.claim(session, key)
                .chain(() -> shifts.forOfficer(officerId, start, end, 10))
                .chain(overlapping -> {
                    if (!overlapping.isEmpty()) {
                        throw ApiException.conflict("The shift overlaps " + describe(overlapping) + ".");
                    }
                    return shifts.persistAndFlush(shift);
                })
                .map(ShiftView::from)
                .call(view -> idempotency.remember(session, key, 201, view, null))))
                .onFailure(e -> PgErrors.isConstraint(e, "officer_shift_no_overlap"))
                .transform(e -> ApiException.conflict("The shift overlaps a shift of this officer added at the same time."));
    }

    /** "shift 3f… from 2026-12-07T08:00+01:00 to 2026-12-07T17:00+01:00, …" */
    private static String describe(List<Shift> overlapping) {
        StringBuilder text = new StringBuilder(overlapping.size() == 1 ? "shift " : "shifts ");
        for (int i = 0; i < overlapping.size(); i++) {
            ShiftView v = ShiftView.from(overlapping.get(i));
            text.append(i == 0 ? "" : ", ").append(v.id()).append(" from ").append(v.start()).append(" to ")
                    .append(v.end());
        }
        return text.toString();
    }

    /** Edits an officer's name, languages or services; a retired officer cannot change (409). */
    @WithTransaction
    public Uni<OfficerView> update(UUID officerId, OfficerPatch patch) {
        return requireActive(officerId).chain(officer -> agencies.findWithServices(officer.agencyCode).map(agency -> {
            List<FieldError> errors = new ArrayList<>();
            if (patch.services() != null) {
                for (int i = 0; i < patch.services().size(); i++) {
                    String code = patch.services().get(i);
                    if (agency.services.stream().noneMatch(s -> s.code().equals(code) && s.retiredAt() == null)) {
                        errors.add(new FieldError("services[" + i + "]", "is not a service of " + agency.code));
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            if (patch.name() != null) {
                officer.name = patch.name().strip();
            }
            if (patch.languages() != null) {
                officer.languages.retainAll(patch.languages());
                officer.languages.addAll(patch.languages());
            }
            if (patch.services() != null) {
                Set<OfficerSkill> skills = new LinkedHashSet<>();
                patch.services().forEach(code -> skills.add(new OfficerSkill(agency.code, code)));
                officer.services.retainAll(skills);
                officer.services.addAll(skills);
            }
            return officer;
        })).call(officer -> officers.flush()).map(OfficerView::from)
                .invoke(view -> Log.infof("Officer %s changed", officerId));
    }

    /**
     * Retires an officer: offline for good, no longer listed (unless asked) or picked; shifts not begun are removed
     * and a running one ends now; history and statistics keep the officer. 409 while serving a visit or while
     * active bookings from now on need the officer (named).
     */
    public Uni<OfficerView> retire(UUID officerId) {
        Instant now = clock.instant();
        return db.inTransaction(tx -> queries.lock(tx.connection(), officerId).chain(state -> {
            if (state == null) {
                throw ApiException.notFound("Officer", officerId);
            }
            if (state.retired()) {
                throw ApiException.conflict("The officer is retired already.");
            }
            if (state.presence() == Presence.BUSY) {
                throw ApiException.conflict("The officer is serving a visit; complete it first.");
            }
            return bookings.heldBy(tx, BookingService.Holder.OFFICER, officerId.toString(), now, FAR_FUTURE)
                    .chain(held -> {
                        if (!held.isEmpty()) {
                            throw ApiException.conflict("The officer still has " + describeBookings(held)
                                    + "; cancel or move them first.");
                        }
                        return queries.retire(tx.connection(), officerId, now);
                    })
                    .invoke(() -> {
                        if (state.presence() != Presence.OFFLINE) {
                            tx.emit(new Event(Streams.officer(officerId), OFFICER_PRESENCE,
                                    new PresenceChanged(officerId, state.agency(), Presence.OFFLINE)));
                        }
                    });
        })).chain(() -> get(officerId)).invoke(view -> Log.infof("Officer %s retired", officerId));
    }

    /**
     * Deletes a shift that has not begun; a running or past one is kept (409), and so is one that active bookings
     * of the officer fall in (named).
     */
    public Uni<Void> deleteShift(UUID officerId, UUID shiftId) {
        Instant now = clock.instant();
        return db.inTransaction(tx -> queries.lockShift(tx.connection(), officerId, shiftId).chain(range -> {
            if (range == null) {
                throw ApiException.notFound("Shift", shiftId);
            }
            if (!range[0].isAfter(now)) {
                ShiftView v = ShiftView.of(shiftId, range[0], range[1]);
                throw ApiException.conflict("The shift began at " + v.start() + "; running and past shifts are kept.");
            }
            return bookings.heldBy(tx, BookingService.Holder.OFFICER, officerId.toString(), range[0], range[1])
                    .chain(held -> {
                        if (!held.isEmpty()) {
                            throw ApiException.conflict("The shift holds " + describeBookings(held)
                                    + "; cancel or move them first.");
                        }
                        return queries.deleteShift(tx.connection(), shiftId);
                    });
        })).invoke(() -> Log.infof("Shift %s of officer %s deleted", shiftId, officerId));
    }

    /**
     * Generates the shifts of a weekly template (see {@link ShiftTemplateRequest}), all or nothing: 409 names every
     * generated shift that would overlap an existing one, and the shift it overlaps.
     */
    @WithTransaction
    public Uni<GeneratedShifts> generateShifts(UUID officerId, Checked<ShiftTemplateRequest> checked,
            Idempotency.Key key) {
        ShiftTemplateRequest request = checked.value();
        if (request == null) {
            return Uni.createFrom().failure(ApiException.invalid(checked.errors()));
        }
        List<FieldError> errors = new ArrayList<>();
        String zoneName = request.timeZone() == null || request.timeZone().isBlank() ? SHIFT_ZONE.getId()
                : request.timeZone();
        ZoneId zone = SHIFT_ZONE;
        if (!ZoneId.getAvailableZoneIds().contains(zoneName)) {
            errors.add(new FieldError("timeZone", "is not a known time zone such as Europe/Stockholm"));
        } else {
            zone = ZoneId.of(zoneName);
        }
        if (request.from() != null && request.to() != null) {
            if (request.to().isBefore(request.from())) {
                errors.add(new FieldError("to", "must not be before from"));
            } else if (ChronoUnit.DAYS.between(request.from(), request.to()) >= MAX_TEMPLATE_DAYS) {
                errors.add(new FieldError("to", "a template covers at most " + MAX_TEMPLATE_DAYS + " days"));
            }
        }
        if (request.from() != null && request.from().isBefore(LocalDate.now(clock.withZone(zone)))) {
            errors.add(new FieldError("from", "must not be in the past"));
        }
        List<WeeklyShift> weekly = request.weekly() == null ? List.of() : request.weekly();
        for (int i = 0; i < weekly.size(); i++) {
            WeeklyShift w = weekly.get(i);
            if (w == null || w.day() == null || w.start() == null || w.end() == null) {
                continue;
            }
            if (w.start().getSecond() != 0 || w.start().getNano() != 0) {
                errors.add(new FieldError("weekly[" + i + "].start", "must be whole minutes (HH:mm)"));
            }
            if (w.end().getSecond() != 0 || w.end().getNano() != 0) {
                errors.add(new FieldError("weekly[" + i + "].end", "must be whole minutes (HH:mm)"));
            }
            if (!w.end().isAfter(w.start())) {
                errors.add(new FieldError("weekly[" + i + "].end", "must be after start (same day)"));
            }
            for (int j = 0; j < i; j++) {
                WeeklyShift o = weekly.get(j);
                if (o != null && o.start() != null && o.end() != null && o.day() == w.day()
                        && w.start().isBefore(o.end()) && o.start().isBefore(w.end())) {
                    errors.add(new FieldError("weekly[" + i + "]", "overlaps weekly[" + j + "]"));
                }
            }
        }
        try {
            checked.orThrow(errors);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        boolean skipHolidays = !Boolean.FALSE.equals(request.skipHolidays());
        List<Shift> generated = new ArrayList<>();
        for (LocalDate date = request.from(); !date.isAfter(request.to()); date = date.plusDays(1)) {
            if (skipHolidays && SwedishHolidays.isHoliday(date)) {
                continue;
            }
            for (WeeklyShift w : weekly) {
                if (w.day() == date.getDayOfWeek()) {
                    Shift shift = new Shift();
                    shift.id = UUID.randomUUID();
                    shift.officerId = officerId;
                    shift.start = date.atTime(w.start()).atZone(zone).toInstant();
                    shift.end = date.atTime(w.end()).atZone(zone).toInstant();
                    if (shift.end.isAfter(shift.start)) { // a period swallowed by a DST gap is no shift
                        generated.add(shift);
                    }
                }
            }
        }
        generated.sort(java.util.Comparator.comparing(s -> s.start));
        if (generated.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid("weekly", "generates no shift between from and to"));
        }
        Instant first = generated.get(0).start;
        Instant last = generated.stream().map(s -> s.end).max(java.util.Comparator.naturalOrder()).get();
        return requireActive(officerId).chain(o -> Panache.getSession().chain(session -> idempotency.claim(session, key)
                .chain(() -> shifts.forOfficer(officerId, first, last, 10_000))
                .chain(existing -> {
                    List<String> overlaps = new ArrayList<>();
                    for (Shift g : generated) {
                        for (Shift e : existing) {
                            if (g.start.isBefore(e.end) && e.start.isBefore(g.end)) {
                                ShiftView gv = ShiftView.from(g);
                                ShiftView ev = ShiftView.from(e);
                                overlaps.add(gv.start() + "–" + gv.end() + " overlaps shift " + ev.id() + " ("
                                        + ev.start() + "–" + ev.end() + ")");
                            }
                        }
                    }
                    if (!overlaps.isEmpty()) {
                        throw ApiException.conflict("No shift was generated: " + overlaps.size() + " would overlap: "
                                + String.join("; ", overlaps.subList(0, Math.min(overlaps.size(), 20)))
                                + (overlaps.size() > 20 ? "; …" : "") + ".");
                    }
                    return shifts.persist(generated).chain(() -> shifts.flush());
                })
                .map(v -> new GeneratedShifts(generated.size(), generated.stream().map(ShiftView::from).toList()))
                .call(view -> idempotency.remember(session, key, 201, view, null))))
                .onFailure(e -> PgErrors.isConstraint(e, "officer_shift_no_overlap"))
                .transform(e -> ApiException.conflict("A generated shift overlaps a shift of this officer added at the same time; nothing was generated."))
                .invoke(view -> Log.infof("Officer %s: %d shifts generated from %s to %s", officerId, view.count(),
                        request.from(), request.to()));
    }

    static final int MAX_TEMPLATE_DAYS = 366;
    static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    private static String describeBookings(List<BookingService.HeldBy> held) {
        StringBuilder text = new StringBuilder();
        text.append(held.size() >= BookingService.HELD_LIST_LIMIT ? "at least " : "").append(held.size())
                .append(held.size() == 1 ? " active booking: " : " active bookings: ");
        for (int i = 0; i < Math.min(held.size(), 10); i++) {
            BookingService.HeldBy h = held.get(i);
            text.append(i == 0 ? "" : ", ").append(h.reference()).append(" at ").append(h.start())
                    .append(" (id ").append(h.id()).append(')');
        }
        return text.append(held.size() > 10 ? ", …" : "").toString();
    }

    private Uni<CaseOfficer> requireActive(UUID id) {
        return require(id).map(o -> {
            if (o.retiredAt != null) {
                throw ApiException.conflict("The officer was retired at " + o.retiredAt + ".");
            }
            return o;
        });
    }

    private Uni<CaseOfficer> require(UUID id) {
        return officers.findFull(id).map(o -> {
            if (o == null) {
                throw ApiException.notFound("Officer", id);
            }
            return o;
        });
    }
}
