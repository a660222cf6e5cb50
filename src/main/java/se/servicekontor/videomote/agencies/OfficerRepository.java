package se.servicekontor.videomote.agencies;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class OfficerRepository implements PanacheRepositoryBase<CaseOfficer, UUID> {

    /** Officers with languages and services loaded, of one agency or all; ordered by name. */
    Uni<List<CaseOfficer>> search(String agency, boolean includeRetired) {
        String where = (agency == null ? " where 1 = 1" : " where o.agencyCode = :agency")
                + (includeRetired ? "" : " and o.retiredAt is null");
        Map<String, Object> params = agency == null ? Map.of() : Map.of("agency", agency);
        return find("select distinct o from CaseOfficer o left join fetch o.languages" + where + " order by o.name, o.id",
                params).list()
                .call(officers -> officers.isEmpty() ? Uni.createFrom().voidItem()
                        : find("select distinct o from CaseOfficer o left join fetch o.services where o.id in :ids",
                                Map.of("ids", officers.stream().map(o -> o.id).toList())).list());
    }

    Uni<CaseOfficer> findFull(UUID id) {
        return find("select o from CaseOfficer o left join fetch o.languages left join fetch o.services where o.id = ?1", id)
                .list().map(found -> found.isEmpty() ? null : found.get(0)); // no maxResults with a collection fetch
    }
}
