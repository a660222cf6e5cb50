package se.servicekontor.videomote.offices;

import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class HolidayOpeningRepository implements PanacheRepositoryBase<HolidayOpening, HolidayOpening.Key> {

    Uni<List<HolidayOpening>> between(String officeId, LocalDate from, LocalDate to) {
        return find("officeId = ?1 and date >= ?2 and date <= ?3", Sort.by("date"), officeId, from, to).list();
    }
}
