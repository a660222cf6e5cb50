package se.servicekontor.videomote.offices;

import static se.servicekontor.videomote.common.Text.blankToNull;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
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
import se.servicekontor.videomote.agencies.AgencyService;
import se.servicekontor.videomote.bookings.BookingService;
import se.servicekontor.videomote.offices.OfficeRecords.AffectedBooking;
import se.servicekontor.videomote.offices.OfficeRecords.HolidayOpeningRequest;
import se.servicekontor.videomote.offices.OfficeRecords.HolidayOpeningView;
import se.servicekontor.videomote.offices.OfficeRecords.HolidayView;
import se.servicekontor.videomote.offices.OfficeRecords.RoomPatch;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.PgErrors;
import se.servicekontor.videomote.common.RequestBodies.Checked;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.offices.OfficeRecords.ClosureRequest;
import se.servicekontor.videomote.offices.OfficeRecords.ClosureView;
import se.servicekontor.videomote.offices.OfficeRecords.OfficeRequest;
import se.servicekontor.videomote.offices.OfficeRecords.OfficeView;
import se.servicekontor.videomote.offices.OfficeRecords.OpeningPeriodRequest;
import se.servicekontor.videomote.offices.OfficeRecords.RoomRequest;
import se.servicekontor.videomote.offices.OfficeRecords.RoomView;
import se.servicekontor.videomote.offices.OfficeRecords.StopRequest;
import se.servicekontor.videomote.offices.OfficeRecords.StopView;
import se.servicekontor.videomote.offices.RoomEvents.RoomStatusChanged;
import se.servicekontor.videomote.security.Caller;

/** Offices, their opening hours, closures, mobile stops and visitor rooms. */
@ApplicationScoped
public class OfficeService {

    private final OfficeRepository offices;
    private final ClosureRepository closures;
    private final StopRepository stops;
    private final RoomRepository rooms;
    private final RoomQueries roomQueries;
    private final AgencyService agencies;
    private final Idempotency idempotency;
    private final Db db;
    private final Clock clock;
    private final OfficeQueries officeQueries;
    private final HolidayOpeningRepository holidayOpenings;
    private final BookingService bookings;

    public OfficeService(OfficeRepository offices, ClosureRepository closures, StopRepository stops,
            RoomRepository rooms, RoomQueries roomQueries, AgencyService agencies, Idempotency idempotency, Db db,
            Clock clock, OfficeQueries officeQueries, HolidayOpeningRepository holidayOpenings,
            BookingService bookings) {
        this.officeQueries = officeQueries;
        this.holidayOpenings = holidayOpenings;
        this.bookings = bookings;
        this.offices = offices;
        this.closures = closures;
        this.stops = stops;
        this.rooms = rooms;
        this.roomQueries = roomQueries;
        this.agencies = agencies;
        this.idempotency = idempotency;
        this.db = db;
        this.clock = clock;
    }

    /** Offices the caller may see: an office-bound caller sees only its own. */
    @WithSession
    public Uni<List<OfficeView>> list(Caller caller, String municipality, String agency, boolean includeRetired) {
        String only = caller.isOfficeBound() ? (caller.office() == null ? "" : caller.office()) : null;
        return offices.search(only, blankToNull(municipality), blankToNull(agency), includeRetired)
                .map(all -> all.stream().map(OfficeView::from).toList());
    }

    @WithSession
    public Uni<OfficeView> get(String id) {
        return require(id).map(OfficeView::from);
    }

    @WithTransaction
    public Uni<OfficeView> create(Checked<OfficeRequest> checked, Idempotency.Key key) {
        OfficeRequest request = checked.value();
        return validate(checked, List.of()).chain(agencyCodes -> Panache.getSession().chain(session -> idempotency
                .claim(session, key)
                .chain(() -> offices.findById(request.id()))
                .chain(existing -> {
                    if (existing != null) {
                        throw ApiException.conflict("Office '" + request.id() + "' already exists.");
                    }
                    Office office = new Office();
                    office.id = request.id();
                    apply(office, request, agencyCodes);
                    return offices.persistAndFlush(office);
                })
                .map(OfficeView::from)
                .call(view -> idempotency.remember(session, key, 201, view, view.location()))))
                .invoke(view -> Log.infof("Office %s created", view.id()));
    }

    @WithTransaction
    public Uni<OfficeView> replace(String id, Checked<OfficeRequest> checked) {
        OfficeRequest request = checked.value();
        List<FieldError> pathErrors = request != null && request.id() != null && !id.equals(request.id())
                ? List.of(new FieldError("id", "must equal the office id in the path")) : List.of();
        return validate(checked, pathErrors).chain(agencyCodes -> offices.findFull(id).chain(office -> {
            if (office == null) {
                throw ApiException.notFound("Office", id);
            }
            if (office.retiredAt != null) {
                throw ApiException.conflict("Office '" + id + "' was retired at " + office.retiredAt
                        + "; a retired office is kept for history and cannot be changed.");
            }
            apply(office, request, agencyCodes);
            return offices.flush().replaceWith(office);
        })).map(OfficeView::from).invoke(view -> Log.infof("Office %s replaced", view.id()));
    }

    // --- closures -------------------------------------------------------------------------------------------

    @WithSession
    public Uni<List<ClosureView>> closures(String officeId) {
        return require(officeId).chain(office -> closures.forOffice(officeId, today(office)))
                .map(list -> list.stream().map(ClosureView::from).toList());
    }

    /**
     * Closes the office on a day. The answer lists the day's active bookings; with {@code cancelBookings} their
     * BOOKED ones are cancelled in the same transaction (with their {@code booking.cancelled} events). Raw SQL, so
     * that the closure, the cancellations, their events and the idempotency key commit together.
     */
    public Uni<ClosureView> addClosure(String officeId, ClosureRequest request, Idempotency.Key key) {
        String reason = request.reason().strip();
        boolean cancel = Boolean.TRUE.equals(request.cancelBookings());
        Instant now = clock.instant();
        return db.inTransaction(tx -> idempotency.claim(tx.connection(), key)
                .chain(() -> officeQueries.office(tx.connection(), officeId))
                .chain(office -> {
                    if (office == null) {
                        throw ApiException.notFound("Office", officeId);
                    }
                    if (request.date().isBefore(LocalDate.now(clock.withZone(office.zone())))) {
                        throw ApiException.invalid("date", "must not be in the past");
                    }
                    if (office.retired()) {
                        throw ApiException.conflict("Office '" + officeId + "' is retired.");
                    }
                    Instant from = request.date().atStartOfDay(office.zone()).toInstant();
                    Instant to = request.date().plusDays(1).atStartOfDay(office.zone()).toInstant();
                    return officeQueries.insertClosure(tx.connection(), officeId, request.date(), reason)
                            .chain(inserted -> {
                                if (!inserted) {
                                    throw ApiException.conflict("The office is already closed on " + request.date()
                                            + "; remove that closure first (DELETE /api/v1/offices/" + officeId
                                            + "/closures/" + request.date() + ").");
                                }
                                return cancel ? bookings.cancelForClosure(tx, officeId, from, to, now)
                                        : bookings.heldBy(tx, BookingService.Holder.OFFICE, officeId, from, to);
                            });
                })
                .map(affected -> new ClosureView(request.date(), reason,
                        affected.stream().map(AffectedBooking::from).toList()))
                .call(view -> idempotency.remember(tx.connection(), key, 201, view, null)))
                .invoke(view -> Log.infof("Office %s closed on %s; %d bookings that day%s", officeId, view.date(),
                        view.affectedBookings().size(), cancel ? ", BOOKED ones cancelled" : ""));
    }

    /** Opens a closed day again; a day already past keeps its closure (409). */
    @WithTransaction
    public Uni<Void> removeClosure(String officeId, LocalDate date) {
        return require(officeId).chain(office -> {
            if (date.isBefore(today(office))) {
                return closures.find(officeId, date).map(existing -> {
                    if (existing == null) {
                        throw ApiException.notFound("Closure", date);
                    }
                    throw ApiException.conflict("The closure on " + date + " is in the past and is kept for history.");
                });
            }
            return closures.delete("officeId = ?1 and date = ?2", officeId, date).invoke(n -> {
                if (n == 0) {
                    throw ApiException.notFound("Closure", date);
                }
            });
        }).replaceWithVoid();
    }

    // --- public holidays ------------------------------------------------------------------------------------

    /** The public holidays of {@code year} and whether the office is closed on each. */
    @WithSession
    public Uni<List<HolidayView>> holidays(String officeId, int year) {
        if (year < 1900 || year > 2200) {
            return Uni.createFrom().failure(ApiException.invalid("year", "must be between 1900 and 2200"));
        }
        return require(officeId).chain(office -> holidayOpenings
                .between(officeId, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)).map(openings -> {
                    Map<LocalDate, String> opened = new HashMap<>();
                    openings.forEach(o -> opened.put(o.date, o.reason));
                    List<HolidayView> days = new ArrayList<>();
                    SwedishHolidays.inYear(year).forEach((date, name) -> days.add(new HolidayView(date, name,
                            office.closedOnHolidays && !opened.containsKey(date), opened.get(date))));
                    return days;
                }));
    }

    /** The office opens on one public holiday although it closes on holidays. */
    @WithTransaction
    public Uni<HolidayOpeningView> openOnHoliday(String officeId, HolidayOpeningRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String name = SwedishHolidays.name(request.date()).orElse(null);
        if (name == null) {
            errors.add(new FieldError("date", "is not a Swedish public holiday (see GET /api/v1/offices/" + officeId
                    + "/holidays)"));
        }
        return require(officeId).chain(office -> {
            if (request.date().isBefore(today(office))) {
                errors.add(new FieldError("date", "must not be in the past"));
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            return holidayOpenings.findById(new HolidayOpening.Key(officeId, request.date())).chain(existing -> {
                if (existing != null) {
                    throw ApiException.conflict("The office already opens on " + request.date() + " (" + name
                            + "): " + existing.reason);
                }
                HolidayOpening opening = new HolidayOpening();
                opening.officeId = officeId;
                opening.date = request.date();
                opening.reason = request.reason().strip();
                return holidayOpenings.persistAndFlush(opening);
            });
        }).map(o -> new HolidayOpeningView(o.date, name, o.reason))
                .invoke(v -> Log.infof("Office %s opens on holiday %s", officeId, v.date()));
    }

    /** The office closes again on a holiday it was to open on; a past one is kept (409). */
    @WithTransaction
    public Uni<Void> removeHolidayOpening(String officeId, LocalDate date) {
        return require(officeId).chain(office -> holidayOpenings.findById(new HolidayOpening.Key(officeId, date))
                .chain(existing -> {
                    if (existing == null) {
                        throw ApiException.notFound("Holiday opening", date);
                    }
                    if (date.isBefore(today(office))) {
                        throw ApiException.conflict("The opening on " + date + " is in the past and is kept for history.");
                    }
                    return holidayOpenings.delete(existing);
                }));
    }

    // --- retiring ---------------------------------------------------------------------------------------------

    /**
     * Retires an office: it is no longer listed (unless asked), offered, or bookable, and is kept for history. 409
     * naming the bookings while it still has active bookings from now on.
     */
    public Uni<OfficeView> retireOffice(String officeId) {
        Instant now = clock.instant();
        return db.inTransaction(tx -> officeQueries.office(tx.connection(), officeId).chain(office -> {
            if (office == null) {
                throw ApiException.notFound("Office", officeId);
            }
            if (office.retired()) {
                throw ApiException.conflict("Office '" + officeId + "' is retired already.");
            }
            return bookings.heldBy(tx, BookingService.Holder.OFFICE, officeId, now, FAR_FUTURE);
        }).chain(held -> {
            if (!held.isEmpty()) {
                throw ApiException.conflict("Office '" + officeId + "' still has " + describe(held)
                        + "; cancel or move them first.");
            }
            return tx.connection().preparedQuery("UPDATE office SET retired_at = $2, updated_at = $2 WHERE id = $1")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(officeId, OfficeQueries.utc(now)));
        })).chain(() -> get(officeId)).invoke(v -> Log.infof("Office %s retired", officeId));
    }

    /** Far enough ahead to mean "from now on". */
    static final Instant FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z");

    /** "2 active bookings: K7P-4QX at 2026-12-07T09:00+01:00 (id …), …", as far as the list goes. */
    static String describe(List<BookingService.HeldBy> held) {
        StringBuilder text = new StringBuilder();
        text.append(held.size() >= BookingService.HELD_LIST_LIMIT ? "at least " : "").append(held.size())
                .append(held.size() == 1 ? " active booking: " : " active bookings: ");
        for (int i = 0; i < Math.min(held.size(), 10); i++) {
            BookingService.HeldBy h = held.get(i);
            text.append(i == 0 ? "" : ", ").append(h.reference()).append(" at ").append(h.start())
                    .append(" (id ").append(h.id()).append(')');
        }
        if (held.size() > 10) {
            text.append(", …");
        }
        return text.toString();
    }

    // --- stops of mobile offices ------------------------------------------------------------------------------

    @WithSession
    public Uni<List<StopView>> stops(String officeId) {
        return require(officeId).chain(office -> stops.forOffice(officeId, today(office)))
                .map(list -> list.stream().map(StopView::from).toList());
    }

    @WithTransaction
    public Uni<StopView> addStop(String officeId, StopRequest request, Idempotency.Key key) {
        List<FieldError> errors = new ArrayList<>();
        checkTimes(errors, "", request.opens(), request.closes());
        return require(officeId).chain(office -> {
            if (request.date().isBefore(today(office))) {
                errors.add(new FieldError("date", "must not be in the past"));
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
            if (office.kind != OfficeKind.MOBILE) {
                throw ApiException.conflict("Only a MOBILE office has stops; '" + officeId + "' is " + office.kind + ".");
            }
            Stop stop = new Stop();
            stop.id = UUID.randomUUID();
            stop.officeId = officeId;
            stop.date = request.date();
            stop.place = request.place().strip();
            stop.opens = request.opens();
            stop.closes = request.closes();
            return Panache.getSession().chain(session -> idempotency.claim(session, key)
                    .chain(() -> stops.persistAndFlush(stop))
                    .map(StopView::from)
                    .call(view -> idempotency.remember(session, key, 201, view, null)));
        }).onFailure(e -> PgErrors.isConstraint(e, "office_stop_no_overlap"))
                .transform(e -> ApiException.conflict("The stop overlaps another stop of this office on " + request.date() + "."));
    }

    // --- rooms ----------------------------------------------------------------------------------------------

    @WithSession
    public Uni<List<RoomView>> rooms(String officeId, boolean includeRetired) {
        return require(officeId).chain(office -> rooms.forOffice(officeId, includeRetired))
                .map(list -> list.stream().map(RoomView::from).toList());
    }

    @WithTransaction
    public Uni<RoomView> addRoom(String officeId, RoomRequest request, Idempotency.Key key) {
        String name = request.name().strip();
        return require(officeId).chain(office -> Panache.getSession().chain(session -> idempotency.claim(session, key)
                .chain(() -> rooms.named(officeId, name, null))
                .chain(taken -> {
                    if (taken != null) {
                        throw roomNameTaken(taken);
                    }
                    Room room = new Room();
                    room.id = UUID.randomUUID();
                    room.officeId = officeId;
                    room.name = name;
                    room.accessible = Boolean.TRUE.equals(request.accessible());
                    room.capacity = request.capacity() == null ? 1 : request.capacity();
                    return rooms.persistAndFlush(room);
                })
                .invoke(room -> room.status = RoomStatus.AVAILABLE) // the column default; never written by the entity
                .map(RoomView::from)
                .call(view -> idempotency.remember(session, key, 201, view, null))))
                .onFailure(e -> PgErrors.isConstraint(e, "room_office_name_idx"))
                .transform(e -> ApiException.conflict("The office already has a room named '" + name + "'."))
                .invoke(view -> Log.infof("Room %s added to office %s", view.id(), officeId));
    }

    /** Renames a room or changes its accessibility or capacity; a retired room cannot change (409). */
    @WithTransaction
    public Uni<RoomView> updateRoom(String officeId, UUID roomId, RoomPatch patch) {
        String name = patch.name() == null ? null : patch.name().strip();
        return require(officeId).chain(office -> rooms.findById(roomId)).chain(room -> {
            if (room == null || !room.officeId.equals(officeId)) {
                throw ApiException.notFound("Room", roomId);
            }
            if (room.retiredAt != null) {
                throw ApiException.conflict("Room '" + room.name + "' was retired at " + room.retiredAt + ".");
            }
            Uni<Room> free = name == null ? Uni.createFrom().item((Room) null) : rooms.named(officeId, name, roomId);
            return free.chain(taken -> {
                if (taken != null) {
                    throw roomNameTaken(taken);
                }
                if (name != null) {
                    room.name = name;
                }
                if (patch.accessible() != null) {
                    room.accessible = patch.accessible();
                }
                if (patch.capacity() != null) {
                    room.capacity = patch.capacity();
                }
                return rooms.flush().replaceWith(room);
            });
        }).map(RoomView::from)
                .onFailure(e -> PgErrors.isConstraint(e, "room_office_name_idx"))
                .transform(e -> ApiException.conflict("The office already has a room named '" + name + "'."))
                .invoke(view -> Log.infof("Room %s of office %s changed", roomId, officeId));
    }

    /**
     * Retires a room: out of service for good, no longer listed (unless asked) or picked, kept for history. 409
     * while a visit holds it or active bookings from now on need it (named).
     */
    public Uni<RoomView> retireRoom(String officeId, UUID roomId) {
        Instant now = clock.instant();
        return db.inTransaction(tx -> officeQueries.room(tx.connection(), officeId, roomId).chain(state -> {
            if (state == null) {
                throw ApiException.notFound("Room", roomId);
            }
            if (state.retired()) {
                throw ApiException.conflict("Room '" + state.name() + "' is retired already.");
            }
            return bookings.heldBy(tx, BookingService.Holder.ROOM, roomId.toString(), now, FAR_FUTURE)
                    .chain(held -> {
                        if (!held.isEmpty()) {
                            throw ApiException.conflict("Room '" + state.name() + "' still has " + describe(held)
                                    + "; cancel or move them first.");
                        }
                        return officeQueries.retireRoom(tx.connection(), officeId, roomId, now);
                    })
                    .map(retired -> {
                        if (retired == null) {
                            throw ApiException.conflict("Room '" + state.name() + "' is " + state.status()
                                    + " by a visit; end the visit first.");
                        }
                        tx.emit(RoomEvents.statusChanged(new RoomStatusChanged(retired.id(), officeId, retired.name(),
                                retired.status(), now)));
                        return retired;
                    });
        })).invoke(view -> Log.infof("Room %s of office %s retired", roomId, officeId));
    }

    private static ApiException roomNameTaken(Room taken) {
        return ApiException.conflict("The office already has a room named '" + taken.name + "' (id " + taken.id + ").");
    }

    /** A desk or admin sets a room's status; RESERVED and OCCUPIED belong to the visits, never to a hand. */
    public Uni<RoomView> setRoomStatus(String officeId, UUID roomId, RoomStatus status) {
        if (!status.settableByHand()) {
            return Uni.createFrom().failure(ApiException.conflict(status + " is set by the system only."));
        }
        return db.inTransaction(tx -> roomQueries.setByHand(tx.connection(), officeId, roomId, status, clock.instant())
                .chain(updated -> {
                    if (updated != null) {
                        tx.emit(RoomEvents.statusChanged(new RoomStatusChanged(updated.id(), officeId, updated.name(),
                                updated.status(), clock.instant())));
                        return Uni.createFrom().item(updated);
                    }
                    return officeQueries.room(tx.connection(), officeId, roomId).map(current -> {
                        if (current == null) {
                            throw ApiException.notFound("Room", roomId);
                        }
                        if (current.retired()) {
                            throw ApiException.conflict("Room '" + current.name() + "' is retired.");
                        }
                        throw ApiException.conflict("The room is " + current.status() + " by a visit; end the visit first.");
                    });
                }))
                .invoke(view -> Log.infof("Room %s of office %s set to %s", roomId, officeId, view.status()));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private Uni<Office> require(String id) {
        return offices.findFull(id).map(office -> {
            if (office == null) {
                throw ApiException.notFound("Office", id);
            }
            return office;
        });
    }

    private LocalDate today(Office office) {
        return LocalDate.now(clock.withZone(ZoneId.of(office.timeZone)));
    }

    /**
     * Checks what the annotations cannot and resolves the agency list, on whatever parts of the body could be read,
     * and fails with every problem at once: those of reading and bean validation, these, and {@code more}.
     */
    private Uni<Set<String>> validate(Checked<OfficeRequest> checked, List<FieldError> more) {
        List<FieldError> errors = new ArrayList<>(more);
        OfficeRequest request = checked.value();
        if (request == null) {
            return Uni.createFrom().failure(ApiException.invalid(checked.errors()));
        }
        String zone = request.zoneOrDefault();
        if (!checked.failed("timeZone") && !ZoneId.getAvailableZoneIds().contains(zone)) {
            errors.add(new FieldError("timeZone", "is not a known time zone such as Europe/Stockholm"));
        }
        List<OpeningPeriodRequest> hours = request.openingHours() == null ? List.of() : request.openingHours();
        for (int i = 0; i < hours.size(); i++) {
            OpeningPeriodRequest p = hours.get(i);
            if (p == null || p.opens() == null || p.closes() == null || p.day() == null) {
                continue;
            }
            checkTimes(errors, "openingHours[" + i + "].", p.opens(), p.closes());
            for (int j = 0; j < i; j++) {
                OpeningPeriodRequest q = hours.get(j);
                if (q != null && q.opens() != null && q.closes() != null && p.day() == q.day()
                        && p.opens().isBefore(q.closes()) && q.opens().isBefore(p.closes())) {
                    errors.add(new FieldError("openingHours[" + i + "]", "overlaps openingHours[" + j + "]"));
                }
            }
        }
        List<String> listed = request.agencies() == null ? List.of() : request.agencies();
        Set<String> codes = new LinkedHashSet<>();
        listed.stream().filter(c -> c != null && !c.isBlank()).forEach(codes::add);
        return agencies.unknown(codes).map(unknown -> {
            for (int i = 0; i < listed.size(); i++) {
                if (unknown.contains(listed.get(i))) {
                    errors.add(new FieldError("agencies[" + i + "]", "is not a known agency"));
                }
            }
            checked.orThrow(errors);
            return codes;
        });
    }

    private static void checkTimes(List<FieldError> errors, String prefix, LocalTime opens, LocalTime closes) {
        if (opens.getSecond() != 0 || opens.getNano() != 0) {
            errors.add(new FieldError(prefix + "opens", "must be whole minutes (HH:mm)"));
        }
        if (closes.getSecond() != 0 || closes.getNano() != 0) {
            errors.add(new FieldError(prefix + "closes", "must be whole minutes (HH:mm)"));
        }
        if (!closes.isAfter(opens)) {
            errors.add(new FieldError(prefix + "closes", "must be after opens"));
        }
    }

    private void apply(Office office, OfficeRequest request, Set<String> agencyCodes) {
        office.name = request.name().strip();
        office.municipality = request.municipality().strip();
        office.kind = request.kind();
        office.timeZone = request.zoneOrDefault();
        office.vulnerableArea = Boolean.TRUE.equals(request.vulnerableArea());
        office.cleaningBufferMinutes = request.cleaningBufferMinutes() == null ? 0 : request.cleaningBufferMinutes();
        office.closedOnHolidays = !Boolean.FALSE.equals(request.closedOnHolidays());
        Set<OpeningPeriod> hours = new LinkedHashSet<>();
        request.openingHours().forEach(p -> hours.add(new OpeningPeriod(p.day(), p.opens(), p.closes())));
        office.openingHours.retainAll(hours);
        office.openingHours.addAll(hours);
        office.agencies.retainAll(agencyCodes);
        office.agencies.addAll(agencyCodes);
        office.updatedAt = clock.instant();
    }
}
