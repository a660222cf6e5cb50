package se.servicekontor.videomote.live;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.common.EventAppender;

/**
 * Appends live events inside the transaction that makes the change they describe. Each stream's {@code seq} comes
 * from a counter row updated in that transaction: its row lock makes sequence numbers follow commit order, with no
 * gaps.
 *
 * <p>One change, one row: the events a change raises for its office's desk and display, the room and the officer it
 * concerns are written together as one {@code live_entry} row (V17), each keeping its stream and seq; the readers
 * ({@link LiveQueries}) pick their stream's messages out of it.
 *
 * <p>Nothing is notified inside the transaction: PostgreSQL commits transactions that {@code NOTIFY} one at a time
 * across the whole cluster, so a notifying transaction would hold its counter rows while it queues behind every
 * other office's commit. Once committed, this instance's followers are woken in-process and other instances by a
 * coalesced notification ({@link LiveNotifier}); a lost wake-up costs at most the catch-up interval, never an event.
 *
 * <p>Features do not call this directly: they raise events on their {@link se.servicekontor.videomote.common.Tx},
 * and {@link se.servicekontor.videomote.common.Db} appends them once, as the last statement before commit. Counter
 * rows are then always locked last and in stream order, so two transactions can never deadlock on them.
 */
@ApplicationScoped
public class EventLog implements EventAppender {

    /** The PostgreSQL notification channel; the payload is {@code stream seq}. */
    public static final String CHANNEL = "videomote_live";

    /**
     * Bumps every stream's counter row by its number of events (rows locked in stream order), numbers the events, and
     * writes those marked in $5 as one {@code live_entry} row of office $6 (room stream $7, officer stream $8, either
     * NULL), every other one as a {@code live_event} row of its stream. Returns each stream's new head. Which events
     * an entry carries is decided in Java ({@link Entry}): a statement that plans in a fraction of a millisecond
     * matters, since every transaction that changes something runs it.
     */
    private static final String APPEND = """
            WITH input AS (
                SELECT stream, type, data::jsonb AS data, carried, ord
                FROM unnest($1::text[], $2::text[], $3::text[], $5::boolean[])
                     WITH ORDINALITY AS t(stream, type, data, carried, ord)
            ), counts AS (
                SELECT stream, count(*) AS n FROM input GROUP BY stream
            ), bumped AS (
                INSERT INTO live_stream AS s (stream, last_seq)
                SELECT stream, n FROM counts ORDER BY stream
                ON CONFLICT (stream) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
                RETURNING stream, last_seq
            ), numbered AS (
                SELECT i.stream, i.type, i.data, i.carried, i.ord,
                       b.last_seq - c.n + row_number() OVER (PARTITION BY i.stream ORDER BY i.ord) AS seq
                FROM input i JOIN bumped b USING (stream) JOIN counts c USING (stream)
            ), single AS (
                INSERT INTO live_event (stream, seq, type, at, data)
                SELECT stream, seq, type, $4, data FROM numbered WHERE NOT carried
            ), entry AS (
                INSERT INTO live_entry (office_id, at, messages, desk_to, display_to, room_stream, room_to,
                                        officer_stream, officer_to)
                SELECT $6, $4, jsonb_agg(jsonb_build_object('s', stream, 'q', seq, 't', type, 'd', data) ORDER BY ord),
                       max(seq) FILTER (WHERE stream = 'desk:' || $6), max(seq) FILTER (WHERE stream = 'display:' || $6),
                       $7, max(seq) FILTER (WHERE stream = $7), $8, max(seq) FILTER (WHERE stream = $8)
                FROM numbered WHERE carried
                HAVING count(*) > 0
            )
            SELECT stream, last_seq FROM bumped
            """;

    private final ObjectMapper json;
    private final LiveHub hub;
    private final LiveNotifier notifier;
    private final LiveQueries queries;

    public EventLog(ObjectMapper json, LiveHub hub, LiveNotifier notifier, LiveQueries queries) {
        this.json = json;
        this.hub = hub;
        this.notifier = notifier;
        this.queries = queries;
    }

    /**
     * Appends {@code events} in the transaction of {@code tx}; nothing is visible to clients before commit. The
     * returned action, run after commit, wakes the streams' followers here and on every other instance.
     */
    @Override
    public Uni<Runnable> append(SqlConnection tx, List<Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(() -> {
            });
        }
        int n = events.size();
        String[] streams = new String[n];
        String[] types = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            streams[i] = e.stream();
            types[i] = e.type();
            data[i] = toJson(e.data());
        }
        // When the change was recorded, in real time: retention and ordering of the log never follow a test's clock.
        OffsetDateTime at = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        Entry entry = Entry.of(events);
        Boolean[] carried = new Boolean[n];
        for (int i = 0; i < n; i++) {
            carried[i] = entry.carries(streams[i]);
        }
        Tuple params = Tuple.of(streams, types, data, at, carried, entry.office()).addString(entry.room())
                .addString(entry.officer());
        return tx.preparedQuery(APPEND).execute(params).map(rows -> {
            Map<String, Long> heads = new HashMap<>();
            for (Row row : rows) {
                heads.put(row.getString(0), row.getLong(1));
            }
            return () -> {
                heads.forEach(hub::wake);
                notifier.headsReached(heads);
            };
        });
    }

    /**
     * Deletes streams that will never be written again (e.g. a finished session's): their events and their counters,
     * in the transaction of {@code tx}. Whoever calls this must make sure nothing appends to them afterwards.
     */
    public Uni<Void> forget(SqlConnection tx, List<String> streams) {
        if (streams.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        for (String stream : streams) {
            if (LiveQueries.Carried.of(stream) != null) {
                // Their events may share rows with other streams' (live_entry): they are only ever purged by age.
                throw new IllegalArgumentException("An office, room or officer stream is never forgotten: " + stream);
            }
        }
        Tuple names = Tuple.of(streams.toArray(String[]::new));
        return tx.preparedQuery("DELETE FROM live_event WHERE stream = ANY($1)").execute(names)
                .chain(() -> tx.preparedQuery("DELETE FROM live_stream WHERE stream = ANY($1)").execute(names))
                .replaceWithVoid();
    }

    /**
     * What a change's {@code live_entry} row carries: the desk and display streams of the office of its first desk or
     * display event, the first room stream and the first officer stream it raised events on. A change without a desk
     * or display event has no entry (office null).
     */
    record Entry(String office, String room, String officer) {

        static Entry of(List<Event> events) {
            String office = null;
            String room = null;
            String officer = null;
            for (Event e : events) {
                LiveQueries.Carried kind = LiveQueries.Carried.of(e.stream());
                if (kind == null) {
                    continue;
                }
                switch (kind) {
                    case DESK, DISPLAY -> office = office == null ? kind.key(e.stream()) : office;
                    case ROOM -> room = room == null ? e.stream() : room;
                    case OFFICER -> officer = officer == null ? e.stream() : officer;
                }
            }
            return office == null ? new Entry(null, null, null) : new Entry(office, room, officer);
        }

        boolean carries(String stream) {
            return office != null && (stream.equals(Streams.desk(office)) || stream.equals(Streams.display(office))
                    || stream.equals(room) || stream.equals(officer));
        }
    }

    /**
     * Deletes up to {@code limit} events and up to {@code limit} entries recorded before {@code before} (the log's own
     * real time), oldest part of every stream, so resuming never sees a gap; returns the larger count (less than
     * {@code limit}: nothing older is left). The live feature's retention and the privacy retention both purge here.
     */
    public Uni<Integer> purge(Instant before, int limit) {
        return queries.purge(before, limit);
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data is not serialisable: " + data.getClass().getSimpleName(), e);
        }
    }
}
