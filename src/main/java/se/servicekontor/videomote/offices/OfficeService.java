package se.servicekontor.videomote.offices;

import static se.servicekontor.videomote.common.Text.blankToNull;

import java.time.Clock;
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
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.PgErrors;
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

    public OfficeService(OfficeRepository offices, ClosureRepository closures, StopRepository stops,
            RoomRepository rooms, RoomQueries roomQueries, AgencyService agencies, Idempotency idempotency, Db db,
            Clock clock) {
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
    public Uni<List<OfficeView>> list(Caller caller, String municipality, String agency) {
        String only = caller.isOfficeBound() ? (caller.office() == null ? "" : caller.office()) : null;
        return offices.search(only, blankToNull(municipality), blankToNull(agency))
                .map(all -> all.stream().map(OfficeView::from).toList());
    }

    @WithSession
    public Uni<OfficeView> get(String id) {
        return require(id).map(OfficeView::from);
    }

    @WithTransaction
    public Uni<OfficeView> create(OfficeRequest request, Idempotency.Key key) {
        return validate(request).chain(agencyCodes -> Panache.getSession().chain(session -> idempotency
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
    public Uni<OfficeView> replace(String id, OfficeRequest request) {
        if (!id.equals(request.id())) {
            throw ApiException.invalid("id", "must equal the office id in the path");
        }
        return validate(request).chain(agencyCodes -> offices.findFull(id).chain(office -> {
            if (office == null) {
                throw ApiException.notFound("Office", id);
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

    @WithTransaction
    public Uni<ClosureView> addClosure(String officeId, ClosureRequest request, Idempotency.Key key) {
        return require(officeId).chain(office -> {
            if (request.date().isBefore(today(office))) {
                throw ApiException.invalid("date", "must not be in the past");
            }
            Closure closure = new Closure();
            closure.id = UUID.randomUUID();
            closure.officeId = officeId;
            closure.date = request.date();
            closure.reason = request.reason().strip();
            return Panache.getSession().chain(session -> idempotency.claim(session, key)
                    .chain(() -> closures.find(officeId, request.date()))
                    .chain(existing -> {
                        if (existing != null) {
                            throw ApiException.conflict("The office is already closed on " + request.date() + ".");
                        }
                        return closures.persistAndFlush(closure);
                    })
                    .map(ClosureView::from)
                    .call(view -> idempotency.remember(session, key, 201, view, null)));
        }).onFailure(e -> PgErrors.isConstraint(e, "office_closure_one_per_day"))
                .transform(e -> ApiException.conflict("The office is already closed on " + request.date() + "."))
                .invoke(view -> Log.infof("Office %s closed on %s", officeId, view.date()));
    }

    @WithTransaction
    public Uni<Void> removeClosure(String officeId, LocalDate date) {
        return require(officeId).chain(office -> closures.delete("officeId = ?1 and date = ?2", officeId, date))
                .invoke(n -> {
                    if (n == 0) {
                        throw ApiException.notFound("Closure", date);
                    }
                }).replaceWithVoid();
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
    public Uni<List<RoomView>> rooms(String officeId) {
        return require(officeId).chain(office -> rooms.forOffice(officeId))
                .map(list -> list.stream().map(RoomView::from).toList());
    }

    @WithTransaction
    public Uni<RoomView> addRoom(String officeId, RoomRequest request, Idempotency.Key key) {
        String name = request.name().strip();
        return require(officeId).chain(office -> Panache.getSession().chain(session -> idempotency.claim(session, key)
                .chain(() -> rooms.nameTaken(officeId, name))
                .chain(taken -> {
                    if (taken) {
                        throw ApiException.conflict("The office already has a room named '" + name + "'.");
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
                    return roomQueries.status(tx.connection(), officeId, roomId).map(current -> {
                        if (current == null) {
                            throw ApiException.notFound("Room", roomId);
                        }
                        throw ApiException.conflict("The room is " + current + " by a visit; end the visit first.");
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

    /** Checks what the annotations cannot and resolves the agency list; fails with every problem at once. */
    private Uni<Set<String>> validate(OfficeRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String zone = request.zoneOrDefault();
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            errors.add(new FieldError("timeZone", "is not a known time zone such as Europe/Stockholm"));
        }
        List<OpeningPeriodRequest> hours = request.openingHours();
        for (int i = 0; i < hours.size(); i++) {
            OpeningPeriodRequest p = hours.get(i);
            checkTimes(errors, "openingHours[" + i + "].", p.opens(), p.closes());
            for (int j = 0; j < i; j++) {
                OpeningPeriodRequest q = hours.get(j);
                if (p.day() == q.day() && p.opens().isBefore(q.closes()) && q.opens().isBefore(p.closes())) {
                    errors.add(new FieldError("openingHours[" + i + "]", "overlaps openingHours[" + j + "]"));
                }
            }
        }
        Set<String> codes = new LinkedHashSet<>(request.agencies());
        return agencies.unknown(codes).map(unknown -> {
            for (int i = 0; i < request.agencies().size(); i++) {
                if (unknown.contains(request.agencies().get(i))) {
                    errors.add(new FieldError("agencies[" + i + "]", "is not a known agency"));
                }
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
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
        Set<OpeningPeriod> hours = new LinkedHashSet<>();
        request.openingHours().forEach(p -> hours.add(new OpeningPeriod(p.day(), p.opens(), p.closes())));
        office.openingHours.retainAll(hours);
        office.openingHours.addAll(hours);
        office.agencies.retainAll(agencyCodes);
        office.agencies.addAll(agencyCodes);
        office.updatedAt = clock.instant();
    }
}
