package se.servicekontor.videomote.offices;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.offices.OfficeRecords.RoomView;

/** Raw SQL for room status, the room's operational state. */
@ApplicationScoped
class RoomQueries {

    private static final String SET_BY_HAND = """
            UPDATE room SET status = $3, status_changed_at = $4, cleaning_until = NULL
            WHERE id = $1 AND office_id = $2 AND status NOT IN ('RESERVED', 'OCCUPIED') AND retired_at IS NULL
            RETURNING id, name, status, accessible, capacity""";

    private static final String STATUS = "SELECT status FROM room WHERE id = $1 AND office_id = $2";

    /**
     * Sets a hand-settable status unless a visit holds the room; empty when nothing was updated. A hand overrides
     * the automatic end of a cleaning buffer (the visits feature's {@code cleaning_until}).
     */
    Uni<RoomView> setByHand(SqlConnection tx, String officeId, UUID roomId, RoomStatus status, Instant at) {
        return tx.preparedQuery(SET_BY_HAND)
                .execute(Tuple.of(roomId, officeId, status.name(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .map(rows -> rows.iterator().hasNext() ? from(rows.iterator().next()) : null);
    }

    /** The room's current status, or null when the office has no such room. */
    Uni<RoomStatus> status(SqlConnection c, String officeId, UUID roomId) {
        return c.preparedQuery(STATUS).execute(Tuple.of(roomId, officeId))
                .map(rows -> rows.iterator().hasNext() ? RoomStatus.valueOf(rows.iterator().next().getString(0)) : null);
    }

    static RoomView from(Row row) {
        return new RoomView(row.getUUID("id"), row.getString("name"), RoomStatus.valueOf(row.getString("status")),
                row.getBoolean("accessible"), row.getInteger("capacity"));
    }
}
