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
            WHERE id = $1 AND presence <> 'BUSY' AND retired_at IS NULL
            RETURNING agency_code""";

    private static final String PRESENCE = "SELECT presence FROM case_officer WHERE id = $1";

    private static final String STATE = """
            SELECT agency_code, name, presence, retired_at FROM case_officer WHERE id = $1 FOR UPDATE""";

    private static final String RETIRE = """
            UPDATE case_officer SET retired_at = $2, presence = 'OFFLINE', presence_changed_at = $2
            WHERE id = $1 AND retired_at IS NULL AND presence <> 'BUSY'""";

    /** Shifts that have not begun go; the running one ends now; past ones stay for statistics. */
    private static final String END_SHIFTS = """
            WITH gone AS (DELETE FROM officer_shift WHERE officer_id = $1 AND starts_at >= $2)
            UPDATE officer_shift SET ends_at = $2 WHERE officer_id = $1 AND starts_at < $2 AND ends_at > $2""";

    private static final String LOCK_SHIFT = """
            SELECT starts_at, ends_at FROM officer_shift WHERE id = $1 AND officer_id = $2 FOR UPDATE""";

    private static final String DELETE_SHIFT = "DELETE FROM officer_shift WHERE id = $1";

    /** An officer's agency, name, presence and whether retired; the row locked until the transaction ends. */
    record State(String agency, String name, Presence presence, boolean retired) {
    }

    Uni<State> lock(SqlConnection tx, UUID officerId) {
        return tx.preparedQuery(STATE).execute(Tuple.of(officerId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            var row = rows.iterator().next();
            return new State(row.getString("agency_code"), row.getString("name"),
                    Presence.valueOf(row.getString("presence")), row.getValue("retired_at") != null);
        });
    }

    /** Retires the officer and ends its shifts from {@code at} on; false when it was BUSY or retired. */
    Uni<Boolean> retire(SqlConnection tx, UUID officerId, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        return tx.preparedQuery(RETIRE).execute(Tuple.of(officerId, when)).chain(rows -> rows.rowCount() == 0
                ? Uni.createFrom().item(false)
                : tx.preparedQuery(END_SHIFTS).execute(Tuple.of(officerId, when)).replaceWith(true));
    }

    /** The shift's [start, end), locked; null when the officer has no such shift. */
    Uni<Instant[]> lockShift(SqlConnection tx, UUID officerId, UUID shiftId) {
        return tx.preparedQuery(LOCK_SHIFT).execute(Tuple.of(shiftId, officerId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            var row = rows.iterator().next();
            return new Instant[] { row.getOffsetDateTime("starts_at").toInstant(),
                    row.getOffsetDateTime("ends_at").toInstant() };
        });
    }

    Uni<Void> deleteShift(SqlConnection tx, UUID shiftId) {
        return tx.preparedQuery(DELETE_SHIFT).execute(Tuple.of(shiftId)).replaceWithVoid();
    }

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
