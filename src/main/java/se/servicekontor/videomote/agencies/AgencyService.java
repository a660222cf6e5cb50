package se.servicekontor.videomote.agencies;

import java.time.Clock;
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
import se.servicekontor.videomote.agencies.AgencyRecords.ServiceRequest;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Idempotency;
import se.servicekontor.videomote.common.Problem.FieldError;

/** Agencies and the services (errands) they offer. */
@ApplicationScoped
public class AgencyService {

    private final AgencyRepository agencies;
    private final Idempotency idempotency;
    private final Clock clock;

    public AgencyService(AgencyRepository agencies, Idempotency idempotency, Clock clock) {
        this.agencies = agencies;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<AgencyView>> list() {
        return agencies.listWithServices().map(all -> all.stream().map(AgencyView::from).toList());
    }

    @WithSession
    public Uni<AgencyView> get(String code) {
        return agencies.findWithServices(code).map(a -> {
            if (a == null) {
                throw ApiException.notFound("Agency", code);
            }
            return AgencyView.from(a);
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

    /** The service {@code serviceCode} of {@code agency}, if both exist. */
    @WithSession
    public Uni<Optional<ServiceType>> service(String agency, String serviceCode) {
        return agencies.findWithServices(agency).map(a -> a == null ? Optional.<ServiceType>empty()
                : a.services.stream().filter(s -> s.code().equals(serviceCode)).findFirst());
    }

    @WithTransaction
    public Uni<AgencyView> create(AgencyRequest request, Idempotency.Key key) {
        List<ServiceType> services = validServices(request.services());
        return Panache.getSession().chain(session -> idempotency.claim(session, key)
                .chain(() -> agencies.findById(request.code()))
                .chain(existing -> {
                    if (existing != null) {
                        throw ApiException.conflict("Agency '" + request.code() + "' already exists.");
                    }
                    Agency agency = new Agency();
                    agency.code = request.code();
                    apply(agency, request, services);
                    return agencies.persist(agency);
                })
                .map(AgencyView::from)
                .call(view -> idempotency.remember(session, key, 201, view, view.location())))
                .invoke(view -> Log.infof("Agency %s created", view.code()));
    }

    @WithTransaction
    public Uni<AgencyView> replace(String code, AgencyRequest request) {
        if (!code.equals(request.code())) {
            throw ApiException.invalid("code", "must equal the agency code in the path");
        }
        List<ServiceType> services = validServices(request.services());
        return agencies.findWithServices(code).map(agency -> {
            if (agency == null) {
                throw ApiException.notFound("Agency", code);
            }
            apply(agency, request, services);
            return AgencyView.from(agency);
        }).invoke(view -> Log.infof("Agency %s replaced", view.code()));
    }

    private void apply(Agency agency, AgencyRequest request, List<ServiceType> services) {
        agency.name = request.name();
        agency.ticketPrefix = request.ticketPrefix();
        // Keep unchanged services as they are: only changed rows are rewritten.
        agency.services.retainAll(services);
        agency.services.addAll(services);
        agency.updatedAt = clock.instant();
    }

    private static List<ServiceType> validServices(List<ServiceRequest> requested) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<ServiceType> services = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            ServiceRequest s = requested.get(i);
            if (!seen.add(s.code())) {
                errors.add(new FieldError("services[" + i + "].code", "is listed twice"));
            }
            services.add(new ServiceType(s.code(), s.name(), s.durationMinutes()));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return services;
    }
}
