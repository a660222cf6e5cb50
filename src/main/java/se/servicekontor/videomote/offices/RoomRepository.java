package se.servicekontor.videomote.offices;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class RoomRepository implements PanacheRepositoryBase<Room, UUID> {

    Uni<List<Room>> forOffice(String officeId) {
        return find("officeId", Sort.by("name"), officeId).list();
    }

    Uni<Boolean> nameTaken(String officeId, String name) {
        return count("officeId = ?1 and lower(name) = lower(?2)", officeId, name).map(n -> n > 0);
    }
}
