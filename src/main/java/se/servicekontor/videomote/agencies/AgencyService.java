package se.servicekontor.videomote.agencies;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.agencies.AgencyRecords.AgencyRequest;
import se.servicekontor.videomote.agencies.AgencyRecords.AgencyView;
import se.servicekontor.videomote.agencies.AgencyRecords.ServicePatch;
import se.servicekontor.videomote.agencies.AgencyRecords.ServiceRequest;
import se.servicekontor.videomote.bookings.BookingService;
import se.servicekontor.videomote.common.PgErrors;
import se.servicekontor.videomote.common.RequestBodies.Checked;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.Problem.FieldError;

/** Agencies and the services (errands) they offer. */
@ApplicationScoped
public class AgencyService {

    private final AgencyRepository agencies;
    private final Idempotency idempotency;
    private final Clock clock;
    private final AgencyQueries queries;
    private final BookingService bookings;

    public AgencyService(AgencyRepository agencies, Idempotency idempotency, Clock clock, AgencyQueries queries,
            BookingService bookings) {
        this.queries = queries;
        this.bookings = bookings;
        this.agencies = agencies;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<AgencyView>> list(boolean includeRetired) {
        return agencies.listWithServices().map(all -> all.stream()
                .map(a -> AgencyView.from(a, a.services, includeRetired)).toList());
    }

    @WithSession
    public Uni<AgencyView> get(String code, boolean includeRetired) {
        return agencies.findWithServices(code).map(a -> {
            if (a == null) {
                throw ApiException.notFound("Agency", code);
            }
            return AgencyView.from(a, a.services, includeRetired);
        });
    }

    /** The agency codes among {@code codes} that do not exist. */
    @WithSession
    public Uni<Set<String>> unknown(Set<String> codes) {
        if (codes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return agencies.existingCodes(codes).map(found -> {
            Set<String> missing = new LinkedHashSet<>(codes);
            missing.removeAll(found);
            return missing;
        });
    }

    /** The service {@code serviceCode} of {@code agency}, if both exist and the service is not retired. */
    @WithSession
    public Uni<Optional<ServiceType>> service(String agency, String serviceCode) {
        return agencies.findWithServices(agency).map(a -> a == null ? Optional.<ServiceType>empty()
                : a.services.stream().filter(s -> s.code().equals(serviceCode) && s.active()).findFirst());
    }

    @WithTransaction
    public Uni<AgencyView> create(Checked<AgencyRequest> checked, Idempotency.Key key) {
        List<ServiceType> services = validServices(checked, List.of());
        AgencyRequest request = checked.value();
        return Panache.getSession().chain(session -> idempotency.claim(session, key)
                .chain(() -> agencies.findById(request.code()))
                .chain(existing -> {
                    if (existing != null) {
                        throw ApiException.conflict("Agency '" + request.code() + "' already exists.");
                    }
                    return requirePrefixFree(request.ticketPrefix(), request.code());
                })
                .chain(() -> {
                    Agency agency = new Agency();
                    agency.code = request.code();
                    agency.name = request.name();
                    agency.ticketPrefix = request.ticketPrefix();
                    agency.services.addAll(services);
                    agency.updatedAt = clock.instant();
                    return agencies.persist(agency);
                })
                .map(AgencyView::from)
                .call(view -> idempotency.remember(session, key, 201, view, view.location())))
                .onFailure(AgencyService::prefixTaken).transform(e -> prefixConflict(request.ticketPrefix(), null))
                .invoke(view -> Log.infof("Agency %s created", view.code()));
    }

    /**
     * Replaces an agency: name, ticket prefix and the services it offers. A service left out is retired, not
     * deleted (bookings, visits and statistics refer to it); a retired one listed again is offered again.
     */
    @WithTransaction
    public Uni<AgencyView> replace(String code, Checked<AgencyRequest> checked) {
        AgencyRequest request = checked.value();
        List<ServiceType> services = validServices(checked, request != null && request.code() != null
                && !code.equals(request.code()) ? List.of(new FieldError("code", "must equal the agency code in the path"))
                : List.of());
        Instant now = clock.instant();
        return agencies.findWithServices(code).chain(agency -> {
            if (agency == null) {
                throw ApiException.notFound("Agency", code);
            }
            List<String> leftOut = agency.services.stream().filter(ServiceType::active).map(ServiceType::code)
                    .filter(c -> services.stream().noneMatch(s -> s.code().equals(c))).toList();
            return requirePrefixFree(request.ticketPrefix(), code).chain(() -> requireUnbooked(code, leftOut, now))
                    .chain(() -> {
                agency.name = request.name();
                agency.ticketPrefix = request.ticketPrefix();
                agency.updatedAt = now;
                return agencies.flush();
            }).chain(() -> Panache.getSession())
                    .chain(session -> queries.replaceServices(session, code, services, now)
                            .chain(() -> queries.services(session, code)))
                    .map(stored -> AgencyView.from(agency, stored, false));
        }).onFailure(AgencyService::prefixTaken).transform(e -> prefixConflict(request.ticketPrefix(), null))
                .invoke(view -> Log.infof("Agency %s replaced", view.code()));
    }

    /** Renames a service or changes its duration (bookings made already keep theirs); 409 when retired. */
    @WithTransaction
    public Uni<AgencyView> updateService(String code, String service, ServicePatch patch) {
        return Panache.getSession().chain(session -> requireService(session, code, service)
                .chain(agency -> queries.update(session, code, service,
                        patch.name() == null ? null : patch.name().strip(), patch.durationMinutes())
                        .chain(() -> queries.services(session, code))
                        .map(stored -> AgencyView.from(agency, stored, false))))
                .invoke(view -> Log.infof("Service %s/%s changed", code, service));
    }

    /**
     * Retires a service: no longer offered, bookable or given to officers, kept for history and statistics. 409
     * naming the active bookings that still need it.
     */
    @WithTransaction
    public Uni<AgencyView> retireService(String code, String service) {
        Instant now = clock.instant();
        return Panache.getSession().chain(session -> requireService(session, code, service)
                .call(agency -> bookings.heldBy(BookingService.Holder.SERVICE, code + "/" + service, now,
                        Instant.parse("9999-12-31T00:00:00Z")).invoke(held -> {
                            if (!held.isEmpty()) {
                                throw ApiException.conflict("Service '" + service + "' still has "
                                        + held.size() + (held.size() == 1 ? " active booking" : " active bookings")
                                        + ", first " + held.get(0).reference() + " at " + held.get(0).start()
                                        + " (id " + held.get(0).id() + "); cancel or move them first.");
                            }
                        }))
                .chain(agency -> queries.retire(session, code, service, now)
                        .chain(() -> queries.services(session, code))
                        .map(stored -> AgencyView.from(agency, stored, false))))
                .invoke(view -> Log.infof("Service %s/%s retired", code, service));
    }

    private Uni<Agency> requireService(org.hibernate.reactive.mutiny.Mutiny.Session session, String code,
            String service) {
        return agencies.findWithServices(code).chain(agency -> {
            if (agency == null) {
                throw ApiException.notFound("Agency", code);
            }
            return queries.services(session, code).map(stored -> {
                ServiceType found = stored.stream().filter(s -> s.code().equals(service)).findFirst()
                        .orElseThrow(() -> ApiException.notFound("Service", code + "/" + service));
                if (!found.active()) {
                    throw ApiException.conflict("Service '" + service + "' was retired at " + found.retiredAt() + ".");
                }
                return agency;
            });
        });
    }

    /** 409 naming the first active booking of any of {@code services}, the ones a replacement would retire. */
    private Uni<Void> requireUnbooked(String code, List<String> services, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String service : services) {
            chain = chain.chain(() -> bookings.heldBy(BookingService.Holder.SERVICE, code + "/" + service, now,
                    Instant.parse("9999-12-31T00:00:00Z")).invoke(held -> {
                        if (!held.isEmpty()) {
                            throw ApiException.conflict("Service '" + service + "', left out and so retired, still has "
                                    + held.size() + (held.size() == 1 ? " active booking" : " active bookings")
                                    + ", first " + held.get(0).reference() + " at " + held.get(0).start() + " (id "
                                    + held.get(0).id() + "); cancel or move them first, or keep the service.");
                        }
                    }).replaceWithVoid());
        }
        return chain;
    }

    /** 409 naming the agency that has the ticket prefix, if another one has it. */
    private Uni<Void> requirePrefixFree(String prefix, String code) {
        return agencies.find("ticketPrefix = ?1 and code <> ?2", prefix, code).firstResult().invoke(holder -> {
            if (holder != null) {
                throw prefixConflict(prefix, holder);
            }
        }).replaceWithVoid();
    }

    private static boolean prefixTaken(Throwable e) {
        return PgErrors.isConstraint(e, "agency_ticket_prefix_key");
    }

    private static ApiException prefixConflict(String prefix, Agency holder) {
        return ApiException.conflict(holder == null
                ? "Ticket prefix '" + prefix + "' was taken by another agency at the same time."
                : "Ticket prefix '" + prefix + "' is already used by agency '" + holder.code + "' (" + holder.name
                        + ").");
    }

    /** The services asked for; fails with every problem of the body at once, {@code more} included. */
    private static List<ServiceType> validServices(Checked<AgencyRequest> checked, List<FieldError> more) {
        List<FieldError> errors = new ArrayList<>(more);
        Set<String> seen = new HashSet<>();
        List<ServiceType> services = new ArrayList<>();
        List<ServiceRequest> requested = checked.value() == null || checked.value().services() == null ? List.of()
                : checked.value().services();
        for (int i = 0; i < requested.size(); i++) {
            ServiceRequest s = requested.get(i);
            if (s == null || s.code() == null) {
                continue;
            }
            if (!seen.add(s.code())) {
                errors.add(new FieldError("services[" + i + "].code", "is listed twice"));
            }
            services.add(new ServiceType(s.code(), s.name(), s.durationMinutes() == null ? 0 : s.durationMinutes()));
        }
        checked.orThrow(errors);
        return services;
    }
}
