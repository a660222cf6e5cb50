package se.servicekontor.videomote.video;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/** One row of {@code video_session}, with the time zone of its office. The join key is null once it has ended. */
record VideoSession(UUID id, UUID visitId, String officeId, UUID roomId, UUID officerId, ProviderKind provider,
        byte[] joinKey, Instant openedAt, Instant endedAt, ZoneId zone) {

    static final String COLUMNS = """
            s.id, s.visit_id, s.office_id, s.room_id, s.officer_id, s.provider, s.join_key, s.opened_at, s.ended_at,
            o.time_zone""";

    boolean open() {
        return endedAt == null;
    }

    static VideoSession from(Row row) {
        var key = row.getBuffer("join_key");
        var ended = row.getOffsetDateTime("ended_at");
        return new VideoSession(row.getUUID("id"), row.getUUID("visit_id"), row.getString("office_id"),
                row.getUUID("room_id"), row.getUUID("officer_id"), ProviderKind.valueOf(row.getString("provider")),
                key == null ? null : key.getBytes(), row.getOffsetDateTime("opened_at").toInstant(),
                ended == null ? null : ended.toInstant(), ZoneId.of(row.getString("time_zone")));
    }
}
