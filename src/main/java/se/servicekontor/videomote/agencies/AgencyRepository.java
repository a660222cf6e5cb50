package se.servicekontor.videomote.agencies;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class AgencyRepository implements PanacheRepositoryBase<Agency, String> {

    Uni<List<Agency>> listWithServices() {
        return find("select distinct a from Agency a left join fetch a.services order by a.code").list();
    }

    Uni<Agency> findWithServices(String code) {
        return find("select a from Agency a left join fetch a.services where a.code = ?1", code)
                .list().map(found -> found.isEmpty() ? null : found.get(0)); // no maxResults with a collection fetch
    }

    Uni<List<String>> existingCodes(Collection<String> codes) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select a.code from Agency a where a.code in (:codes)", String.class)
                .setParameter("codes", codes).getResultList());
    }
}
