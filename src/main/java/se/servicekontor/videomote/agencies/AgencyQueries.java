package se.servicekontor.videomote.agencies;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * SQL for an agency's services, in the caller's Hibernate Reactive transaction. Services are rows that bookings,
 * visits and statistics refer to: they are updated in place and retired, never deleted and inserted again.
 */
@ApplicationScoped
class AgencyQueries {

    private static final String UPSERT = """
            INSERT INTO agency_service (agency_code, code, name, duration_minutes) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (agency_code, code) DO UPDATE
                SET name = EXCLUDED.name, duration_minutes = EXCLUDED.duration_minutes, retired_at = NULL""";

    private static final String RETIRE_UNLISTED = """
            UPDATE agency_service SET retired_at = :at
            WHERE agency_code = :agency AND retired_at IS NULL AND code NOT IN (:codes)""";

    private static final String RETIRE = """
            UPDATE agency_service SET retired_at = ?3 WHERE agency_code = ?1 AND code = ?2 AND retired_at IS NULL""";

    private static final String UPDATE = """
            UPDATE agency_service SET name = coalesce(?3, name), duration_minutes = coalesce(?4, duration_minutes)
            WHERE agency_code = ?1 AND code = ?2 AND retired_at IS NULL""";

    private static final String SERVICES = """
            SELECT code, name, duration_minutes, retired_at FROM agency_service WHERE agency_code = ?1 ORDER BY code""";

    /** Writes the services as listed (un-retiring a listed retired one) and retires the ones left out. */
    Uni<Void> replaceServices(Mutiny.Session session, String agency, List<ServiceType> services, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ServiceType s : services) {
            chain = chain.chain(() -> session.createNativeQuery(UPSERT).setParameter(1, agency)
                    .setParameter(2, s.code()).setParameter(3, s.name()).setParameter(4, s.durationMinutes())
                    .executeUpdate().replaceWithVoid());
        }
        Collection<String> codes = services.stream().map(ServiceType::code).toList();
        return chain.chain(() -> session.createNativeQuery(RETIRE_UNLISTED).setParameter("at", utc(now))
                .setParameter("agency", agency).setParameter("codes", codes).executeUpdate().replaceWithVoid());
    }

    /** Retires one service; false when there is no such service in use. */
    Uni<Boolean> retire(Mutiny.Session session, String agency, String code, Instant now) {
        return session.createNativeQuery(RETIRE).setParameter(1, agency).setParameter(2, code)
                .setParameter(3, utc(now)).executeUpdate().map(n -> n == 1);
    }

    /** Renames a service or changes its duration (null keeps it); false when there is no such service in use. */
    Uni<Boolean> update(Mutiny.Session session, String agency, String code, String name, Integer durationMinutes) {
        return session.createNativeQuery(UPDATE).setParameter(1, agency).setParameter(2, code)
                .setParameter(3, name).setParameter(4, durationMinutes).executeUpdate().map(n -> n == 1);
    }

    /** The agency's services as stored now, retired ones included. */
    Uni<List<ServiceType>> services(Mutiny.Session session, String agency) {
        return session.createNativeQuery(SERVICES, Object[].class).setParameter(1, agency).getResultList()
                .map(rows -> {
                    List<ServiceType> list = new ArrayList<>(rows.size());
                    for (Object[] row : rows) {
                        list.add(new ServiceType((String) row[0], (String) row[1], ((Number) row[2]).intValue(),
                                toInstant(row[3])));
                    }
                    return list;
                });
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return OffsetDateTime.parse(value.toString()).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
