package se.servicekontor.videomote.offices;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.live.Audience;
import se.servicekontor.videomote.live.SnapshotPart;
import se.servicekontor.videomote.offices.OfficeRecords.RoomView;

/** Rooms in live snapshots: every room of the office for its desk, the room itself for its terminal. */
@ApplicationScoped
class RoomSnapshot implements SnapshotPart {

    /** What a room terminal knows of its own room. */
    record OwnRoom(UUID id, String officeId, String name, RoomStatus status) {
    }

    @Override
    public String name() {
        return "rooms";
    }

    @Override
    public boolean appliesTo(Audience audience) {
        return audience == Audience.DESK || audience == Audience.ROOM;
    }

    @Override
    public Uni<Object> read(SqlConnection tx, Audience audience, String key) {
        if (audience == Audience.ROOM) {
            return tx.preparedQuery("SELECT id, office_id, name, status FROM room WHERE id = $1")
                    .execute(Tuple.of(UUID.fromString(key)))
                    .map(rows -> {
                        List<OwnRoom> own = new ArrayList<>();
                        for (Row r : rows) {
                            own.add(new OwnRoom(r.getUUID("id"), r.getString("office_id"), r.getString("name"),
                                    RoomStatus.valueOf(r.getString("status"))));
                        }
                        return own;
                    });
        }
        return tx.preparedQuery("SELECT id, name, status, accessible, capacity FROM room WHERE office_id = $1 AND retired_at IS NULL ORDER BY name")
                .execute(Tuple.of(key))
                .map(rows -> {
                    List<RoomView> rooms = new ArrayList<>();
                    rows.forEach(r -> rooms.add(RoomQueries.from(r)));
                    return rooms;
                });
    }
}
