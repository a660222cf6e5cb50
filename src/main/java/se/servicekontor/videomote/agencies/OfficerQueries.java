package se.servicekontor.videomote.agencies;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Raw SQL for an officer's presence, the officer's operational state. */
@ApplicationScoped
class OfficerQueries {

    private static final String SET_BY_OFFICER = """
            UPDATE case_officer SET presence = $2, presence_changed_at = $3
            WHERE id = $1 AND presence <> 'BUSY'
            RETURNING agency_code""";

    private static final String PRESENCE = "SELECT presence FROM case_officer WHERE id = $1";

    /** Sets presence unless the officer is BUSY serving a visit; null when nothing was updated. */
    Uni<String> setByOfficer(SqlConnection tx, UUID officerId, Presence presence, Instant at) {
        return tx.preparedQuery(SET_BY_OFFICER)
                .execute(Tuple.of(officerId, presence.name(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    Uni<Presence> presence(SqlConnection c, UUID officerId) {
        return c.preparedQuery(PRESENCE).execute(Tuple.of(officerId))
                .map(rows -> rows.iterator().hasNext() ? Presence.valueOf(rows.iterator().next().getString(0)) : null);
    }
}
