package se.servicekontor.videomote.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Tells the other instances that streams have new heads, after the changes committed: one {@code NOTIFY} statement
 * of its own, never inside a business transaction, and at most one in flight per instance. Heads that arrive
 * while one is in flight are merged (the newest head per stream wins) and go out together with the next, so under
 * load the notifications coalesce instead of queueing for PostgreSQL's cluster-wide notify lock.
 *
 * <p>A notification that fails (the database went away) is only logged: the periodic catch-up of every instance
 * ({@code videomote.live.catch-up-interval}) finds the events anyway. Nothing is lost, it is only later.
 */
@ApplicationScoped
public class LiveNotifier {

    private static final String NOTIFY = "SELECT pg_notify('" + EventLog.CHANNEL
            + "', s || ' ' || h) FROM unnest($1::text[], $2::bigint[]) AS t(s, h)";

    private final Pool pool;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    LiveNotifier(Pool pool) {
        this.pool = pool;
    }

    /** Notifies that each stream has reached its head, soon. */
    void headsReached(Map<String, Long> heads) {
        heads.forEach((stream, head) -> pending.merge(stream, head, Math::max));
        send();
    }

    private void send() {
        if (pending.isEmpty() || !sending.compareAndSet(false, true)) {
            return;
        }
        // Only the one sender removes entries, so every key taken here still has its head.
        String[] streams = pending.keySet().toArray(String[]::new);
        Long[] heads = new Long[streams.length];
        for (int i = 0; i < streams.length; i++) {
            heads[i] = pending.remove(streams[i]);
        }
        pool.preparedQuery(NOTIFY).execute(Tuple.of(streams, heads)).subscribe().with(rows -> done(), e -> {
            Log.debugf("Live notification failed (%s); the catch-up will find the events", e.toString());
            done();
        });
    }

    private void done() {
        sending.set(false);
        send();
    }
}
