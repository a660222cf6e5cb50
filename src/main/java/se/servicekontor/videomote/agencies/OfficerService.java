package se.servicekontor.videomote.agencies;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.OfficerView;
import se.servicekontor.videomote.agencies.OfficerRecords.PresenceChanged;
import se.servicekontor.videomote.agencies.OfficerRecords.PresenceView;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftRequest;
import se.servicekontor.videomote.agencies.OfficerRecords.ShiftView;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.PgErrors;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.live.EventLog;
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
    private final List<PresenceListener> presenceListeners;

    public OfficerService(OfficerRepository officers, ShiftRepository shifts, OfficerQueries queries,
            AgencyRepository agencies, Idempotency idempotency, Db db, Clock clock,
            jakarta.enterprise.inject.Instance<PresenceListener> presenceListeners) {
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
    public Uni<List<OfficerView>> list(String agency) {
        return officers.search(agency).map(all -> all.stream().map(OfficerView::from).toList());
    }

    @WithSession
    public Uni<OfficerView> get(UUID id) {
        return require(id).map(OfficerView::from);
    }

    @WithTransaction
    public Uni<OfficerView> create(OfficerRequest request, Idempotency.Key key) {
        return agencies.findWithServices(request.agency()).chain(agency -> {
            List<FieldError> errors = new ArrayList<>();
            if (agency == null) {
                errors.add(new FieldError("agency", "is not a known agency"));
            } else {
                for (int i = 0; i < request.services().size(); i++) {
                    String code = request.services().get(i);
                    if (agency.services.stream().noneMatch(s -> s.code().equals(code))) {
                        errors.add(new FieldError("services[" + i + "]", "is not a service of " + agency.code));
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid(errors);
            }
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
                tx.emit(new EventLog.Event(Streams.officer(officerId), OFFICER_PRESENCE,
                        new PresenceChanged(officerId, agency, presence)));
                Uni<Void> told = Uni.createFrom().voidItem();
                for (PresenceListener listener : presenceListeners) {
                    told = told.call(() -> listener.presenceChanged(tx, agency));
                }
                return told.replaceWith(new PresenceView(officerId, presence));
            }
            return queries.presence(tx.connection(), officerId).map(current -> {
                if (current == null) {
                    throw ApiException.notFound("Officer", officerId);
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
        return require(officerId).chain(o -> Panache.getSession().chain(session -> idempotency.claim(session, key)
                .chain(() -> shifts.persistAndFlush(shift))
                .map(ShiftView::from)
                .call(view -> idempotency.remember(session, key, 201, view, null))))
                .onFailure(e -> PgErrors.isConstraint(e, "officer_shift_no_overlap"))
                .transform(e -> ApiException.conflict("The shift overlaps another shift of this officer."));
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
