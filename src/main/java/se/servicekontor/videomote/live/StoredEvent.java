package se.servicekontor.videomote.live;

import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** One event as stored: its data is kept as JSON text and forwarded without being parsed. */
public record StoredEvent(String stream, long seq, String type, OffsetDateTime at, String data) {

    static StoredEvent from(String stream, Row row) {
        return new StoredEvent(stream, row.getLong("seq"), row.getString("type"), row.getOffsetDateTime("at"),
                row.getString("data"));
    }
}
