package se.servicekontor.videomote.agencies;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class ShiftRepository implements PanacheRepositoryBase<Shift, UUID> {

    /** Shifts that end after {@code from} and start before {@code to}. */
    Uni<List<Shift>> forOfficer(UUID officerId, Instant from, Instant to, int limit) {
        return find("officerId = ?1 and end > ?2 and start < ?3", Sort.by("start"), officerId, from, to)
                .page(Page.ofSize(limit)).list();
    }
}
