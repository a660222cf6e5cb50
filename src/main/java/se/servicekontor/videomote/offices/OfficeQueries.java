package se.servicekontor.videomote.offices;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.offices.OfficeRecords.RoomView;

/**
 * Raw SQL of the offices feature where a change must commit with something raw SQL does: a closure with the
 * cancellation of its day's bookings, a room's retirement with its status and live event.
 */
@ApplicationScoped
class OfficeQueries {

    private static final String OFFICE = "SELECT time_zone, retired_at FROM office WHERE id = $1 FOR SHARE";

    private static final String INSERT_CLOSURE = """
            INSERT INTO office_closure (id, office_id, date, reason) VALUES ($1, $2, $3, $4)
            ON CONFLICT ON CONSTRAINT office_closure_one_per_day DO NOTHING
            RETURNING id""";

    private static final String RETIRE_ROOM = """
            UPDATE room SET retired_at = $3, status = 'OUT_OF_SERVICE', status_changed_at = $3, cleaning_until = NULL
            WHERE id = $1 AND office_id = $2 AND retired_at IS NULL AND status NOT IN ('RESERVED', 'OCCUPIED')
            RETURNING id, name, status, accessible, capacity, retired_at""";

    private static final String ROOM_STATE = """
            SELECT name, status, retired_at FROM room WHERE id = $1 AND office_id = $2""";

    /** An office's time zone and whether it is retired; locked against retirement until the transaction ends. */
    record OfficeState(ZoneId zone, boolean retired) {
    }

    /** A room's name, status and retirement. */
    record RoomState(String name, RoomStatus status, boolean retired) {
    }

    Uni<OfficeState> office(SqlConnection c, String officeId) {
        return c.preparedQuery(OFFICE).execute(Tuple.of(officeId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            Row row = rows.iterator().next();
            return new OfficeState(ZoneId.of(row.getString("time_zone")), row.getValue("retired_at") != null);
        });
    }

    /** Inserts the closure; false when the office is closed that day already. */
    Uni<Boolean> insertClosure(SqlConnection tx, String officeId, LocalDate date, String reason) {
        return tx.preparedQuery(INSERT_CLOSURE).execute(Tuple.of(UUID.randomUUID(), officeId, date, reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Retires a room that no visit holds, taking it out of service for good; null when nothing was updated. */
    Uni<RoomView> retireRoom(SqlConnection tx, String officeId, UUID roomId, Instant at) {
        return tx.preparedQuery(RETIRE_ROOM).execute(Tuple.of(roomId, officeId, utc(at)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new RoomView(row.getUUID("id"), row.getString("name"),
                            RoomStatus.valueOf(row.getString("status")), row.getBoolean("accessible"),
                            row.getInteger("capacity"), row.getOffsetDateTime("retired_at").toInstant());
                });
    }

    Uni<RoomState> room(SqlConnection c, String officeId, UUID roomId) {
        return c.preparedQuery(ROOM_STATE).execute(Tuple.of(roomId, officeId)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            Row row = rows.iterator().next();
            return new RoomState(row.getString("name"), RoomStatus.valueOf(row.getString("status")),
                    row.getValue("retired_at") != null);
        });
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
