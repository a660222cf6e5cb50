package se.servicekontor.videomote.live;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of the event log: events after a sequence number, stream heads, retention. */
@ApplicationScoped
class LiveQueries {

    private static final String AFTER = """
            SELECT seq, type, at, data::text AS data FROM live_event
            WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3""";
    private static final String HEADS = "SELECT stream, last_seq FROM live_stream WHERE stream = ANY($1)";
    private static final String HEAD = "SELECT last_seq FROM live_stream WHERE stream = $1";
    private static final String FIRST = "SELECT min(seq) FROM live_event WHERE stream = $1";
    private static final String LAST = "SELECT max(seq) FROM live_event WHERE stream = $1";
    private static final String PURGE = """
            DELETE FROM live_event WHERE ctid = ANY(ARRAY(SELECT ctid FROM live_event WHERE at < $1 LIMIT $2))""";

    private final Pool pool;

    LiveQueries(Pool pool) {
        this.pool = pool;
    }

    Uni<List<StoredEvent>> after(String stream, long afterSeq, int limit) {
        return pool.preparedQuery(AFTER).execute(Tuple.of(stream, afterSeq, limit)).map(rows -> {
            List<StoredEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(StoredEvent.from(stream, row));
            }
            return events;
        });
    }

    /** The last sequence number of each stream that has one. */
    Uni<Map<String, Long>> heads(Collection<String> streams) {
        return pool.preparedQuery(HEADS).execute(Tuple.of(streams.toArray(String[]::new))).map(rows -> {
            Map<String, Long> heads = new HashMap<>();
            for (Row row : rows) {
                heads.put(row.getString(0), row.getLong(1));
            }
            return heads;
        });
    }

    /** The stream's last sequence number, 0 when it has none yet. */
    Uni<Long> head(SqlClient client, String stream) {
        return client.preparedQuery(HEAD).execute(Tuple.of(stream))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
    }

    /** The oldest sequence number still kept, or null when none is. */
    Uni<Long> firstRetained(String stream) {
        return pool.preparedQuery(FIRST).execute(Tuple.of(stream)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** The newest sequence number still kept, or null when none is. */
    Uni<Long> lastRetained(String stream) {
        return pool.preparedQuery(LAST).execute(Tuple.of(stream)).map(rows -> rows.iterator().next().getLong(0));
    }

    /** Deletes up to {@code limit} events older than {@code before}; returns how many. */
    Uni<Integer> purge(Instant before, int limit) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC), limit))
                .map(rows -> rows.rowCount());
    }
}
