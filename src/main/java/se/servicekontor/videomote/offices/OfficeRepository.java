package se.servicekontor.videomote.offices;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class OfficeRepository implements PanacheRepositoryBase<Office, String> {

    /** Offices with opening hours and agencies loaded, optionally filtered; ordered by name. */
    Uni<List<Office>> search(String onlyOffice, String municipality, String agency, boolean includeRetired) {
        StringBuilder where = new StringBuilder(includeRetired ? " where 1 = 1" : " where o.retiredAt is null");
        Parameters params = new Parameters();
        if (onlyOffice != null) {
            where.append(" and o.id = :office");
            params.and("office", onlyOffice);
        }
        if (municipality != null) {
            where.append(" and lower(o.municipality) = lower(:municipality)");
            params.and("municipality", municipality);
        }
        if (agency != null) {
            where.append(" and :agency member of o.agencies");
            params.and("agency", agency);
        }
        return find("select distinct o from Office o left join fetch o.openingHours" + where + " order by o.name",
                params).list()
                .call(offices -> offices.isEmpty() ? Uni.createFrom().voidItem()
                        : find("select distinct o from Office o left join fetch o.agencies where o.id in :ids",
                                Map.of("ids", offices.stream().map(o -> o.id).toList())).list());
    }

    Uni<Office> findFull(String id) {
        return find("select o from Office o left join fetch o.openingHours left join fetch o.agencies where o.id = ?1", id)
                .list().map(found -> found.isEmpty() ? null : found.get(0)); // no maxResults with a collection fetch
    }
}
