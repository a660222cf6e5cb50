package se.servicekontor.videomote.offices;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
class RoomRepository implements PanacheRepositoryBase<Room, UUID> {

    Uni<List<Room>> forOffice(String officeId, boolean includeRetired) {
        return (includeRetired ? find("officeId", Sort.by("name"), officeId)
                : find("officeId = ?1 and retiredAt is null", Sort.by("name"), officeId)).list();
    }

    /** The room in use at the office with this name (any case), other than {@code except}; null when none. */
    Uni<Room> named(String officeId, String name, UUID except) {
        return find("officeId = ?1 and lower(name) = lower(?2) and retiredAt is null and id <> ?3", officeId, name,
                except == null ? new UUID(0, 0) : except).firstResult();
    }
}
