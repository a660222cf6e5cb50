package se.servicekontor.videomote.live;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads of the event log: events after a sequence number, stream heads, retention. An office's desk and display
 * streams, and room and officer streams, keep their events in two places (see {@link EventLog}): messages of
 * {@code live_entry} rows, which several streams share, and {@code live_event} rows of their own (events written
 * before V17, or raised outside a change of an office). Each stream's messages are found through the index on its
 * position column, and the two places are merged in seq order.
 */
@ApplicationScoped
class LiveQueries {

    /** A kind of stream whose events may be messages of {@code live_entry} rows. */
    enum Carried {
        DESK("office_id", "desk_to"),
        DISPLAY("office_id", "display_to"),
        ROOM("room_stream", "room_to"),
        OFFICER("officer_stream", "officer_to");

        private final String key;
        private final String after;
        private final String first;
        private final String last;

        Carried(String key, String to) {
            this.key = key;
            // $1 stream, $2 after, $3 limit, $4 the value of the key column. Each row holding the stream has at least
            // one of its messages after $2 when its position column is, so $3 rows are enough for $3 messages.
            this.after = """
                    SELECT seq, type, at, data FROM (
                        (SELECT seq, type, at, data::text AS data FROM live_event
                          WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3)
                        UNION ALL
                        SELECT (m->>'q')::bigint, m->>'t', e.at, (m->'d')::text
                          FROM (SELECT at, messages FROM live_entry WHERE %1$s = $4 AND %2$s > $2 ORDER BY %2$s LIMIT $3) e
                          CROSS JOIN LATERAL jsonb_array_elements(e.messages) AS m
                         WHERE m->>'s' = $1 AND (m->>'q')::bigint > $2
                    ) x ORDER BY seq LIMIT $3""".formatted(key, to);
            this.first = """
                    SELECT least((SELECT min(seq) FROM live_event WHERE stream = $1),
                                 (SELECT min((m->>'q')::bigint)
                                    FROM (SELECT messages FROM live_entry WHERE %1$s = $2 AND %2$s IS NOT NULL
                                          ORDER BY %2$s LIMIT 1) e
                                    CROSS JOIN LATERAL jsonb_array_elements(e.messages) AS m
                                   WHERE m->>'s' = $1))""".formatted(key, to);
            this.last = """
                    SELECT greatest((SELECT max(seq) FROM live_event WHERE stream = $1),
                                    (SELECT max(%2$s) FROM live_entry WHERE %1$s = $2 AND %2$s IS NOT NULL))"""
                    .formatted(key, to);
        }

        /** The kind of {@code stream}, or null for a stream whose events are all rows of their own. */
        static Carried of(String stream) {
            int colon = stream.indexOf(':');
            return switch (colon < 0 ? "" : stream.substring(0, colon)) {
                case "desk" -> DESK;
                case "display" -> DISPLAY;
                case "room" -> ROOM;
                case "officer" -> OFFICER;
                default -> null;
            };
        }

        /** What the key column holds for {@code stream}: the office for desk and display, else the stream itself. */
        String key(String stream) {
            return key.equals("office_id") ? stream.substring(stream.indexOf(':') + 1) : stream;
        }
    }

    private static final String AFTER = """
            SELECT seq, type, at, data::text AS data FROM live_event
            WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3""";
    private static final String HEADS = "SELECT stream, last_seq FROM live_stream WHERE stream = ANY($1)";
    private static final String HEAD = "SELECT last_seq FROM live_stream WHERE stream = $1";
    private static final String FIRST = "SELECT min(seq) FROM live_event WHERE stream = $1";
    private static final String LAST = "SELECT max(seq) FROM live_event WHERE stream = $1";
    /** Rows older than $1, up to $2 of each table; answers the larger of the two counts. */
    private static final String PURGE = """
            WITH single AS (
                DELETE FROM live_event WHERE ctid = ANY(ARRAY(SELECT ctid FROM live_event WHERE at < $1 LIMIT $2))
                RETURNING 1
            ), entries AS (
                DELETE FROM live_entry WHERE ctid = ANY(ARRAY(SELECT ctid FROM live_entry WHERE at < $1 LIMIT $2))
                RETURNING 1
            )
            SELECT greatest((SELECT count(*) FROM single), (SELECT count(*) FROM entries))""";

    private final Pool pool;

    LiveQueries(Pool pool) {
        this.pool = pool;
    }

    Uni<List<StoredEvent>> after(String stream, long afterSeq, int limit) {
        return bound(stream, AFTER, c -> c.after, afterSeq, limit).map(rows -> {
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
        return bound(stream, FIRST, c -> c.first).map(rows -> rows.iterator().next().getLong(0));
    }

    /** The newest sequence number still kept, or null when none is. */
    Uni<Long> lastRetained(String stream) {
        return bound(stream, LAST, c -> c.last).map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Deletes up to {@code limit} events and up to {@code limit} entries older than {@code before}; returns the larger
     * count (less than {@code limit}: nothing older is left).
     */
    Uni<Integer> purge(Instant before, int limit) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC), limit))
                .map(rows -> (int) rows.iterator().next().getLong(0).longValue());
    }

    /**
     * Runs the form of a read that fits {@code stream}: {@code single} with ($1 stream, then {@code args}) for a stream
     * whose events are all rows of their own, else its kind's form with the key column's value appended.
     */
    private Uni<RowSet<Row>> bound(String stream, String single, Function<Carried, String> carriedQuery,
            Object... args) {
        Carried carried = Carried.of(stream);
        Tuple params = Tuple.of(stream);
        for (Object arg : args) {
            params.addValue(arg);
        }
        if (carried == null) {
            return pool.preparedQuery(single).execute(params);
        }
        return pool.preparedQuery(carriedQuery.apply(carried)).execute(params.addString(carried.key(stream)));
    }
}
