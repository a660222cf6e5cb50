package se.servicekontor.videomote.live;

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

    private static final String APPEND = """
            WITH input AS (
                SELECT stream, type, data::jsonb AS data, ord
                FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(stream, type, data, ord)
            ), counts AS (
                SELECT stream, count(*) AS n FROM input GROUP BY stream
            ), bumped AS (
                INSERT INTO live_stream AS s (stream, last_seq)
                SELECT stream, n FROM counts ORDER BY stream
                ON CONFLICT (stream) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
                RETURNING stream, last_seq
            ), inserted AS (
                INSERT INTO live_event (stream, seq, type, at, data)
                SELECT i.stream,
                       b.last_seq - c.n + row_number() OVER (PARTITION BY i.stream ORDER BY i.ord),
                       i.type, $4, i.data
                FROM input i JOIN bumped b USING (stream) JOIN counts c USING (stream)
            )
            SELECT stream, last_seq FROM bumped
            """;

    private final ObjectMapper json;
    private final LiveHub hub;
    private final LiveNotifier notifier;

    public EventLog(ObjectMapper json, LiveHub hub, LiveNotifier notifier) {
        this.json = json;
        this.hub = hub;
        this.notifier = notifier;
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
        OffsetDateTime at = OffsetDateTime.ofInstant(java.time.Instant.now(), ZoneOffset.UTC);
        return tx.preparedQuery(APPEND).execute(Tuple.of(streams, types, data, at)).map(rows -> {
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
        Tuple names = Tuple.of(streams.toArray(String[]::new));
        return tx.preparedQuery("DELETE FROM live_event WHERE stream = ANY($1)").execute(names)
                .chain(() -> tx.preparedQuery("DELETE FROM live_stream WHERE stream = ANY($1)").execute(names))
                .replaceWithVoid();
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data is not serialisable: " + data.getClass().getSimpleName(), e);
        }
    }
}
