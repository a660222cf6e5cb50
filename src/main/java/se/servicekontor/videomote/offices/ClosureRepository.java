package se.servicekontor.videomote.offices;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class ClosureRepository implements PanacheRepositoryBase<Closure, UUID> {

    Uni<List<Closure>> forOffice(String officeId, LocalDate from) {
        return find("officeId = ?1 and date >= ?2", Sort.by("date"), officeId, from).list();
    }

    Uni<Closure> find(String officeId, LocalDate date) {
        return find("officeId = ?1 and date = ?2", officeId, date).firstResult();
    }
}
