package se.servicekontor.videomote.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Announces committed events: at once to this instance's {@link LiveHub}, and to every instance through
 * {@code pg_notify} on {@link EventLog#CHANNEL}.
 *
 * <p>Notifications are coalesced: at most one notifying statement is in flight per instance, and the heads committed
 * while it runs go out together in the next one, keeping only the newest {@code seq} of each stream (a notification
 * only wakes a stream up; the events are read from the table). Under load many commits share one notifying
 * transaction, so the cluster-wide serialisation of notifying commits no longer limits how fast changes commit.
 *
 * <p>A notification that fails to go out (the database is unreachable, the instance stops) is not retried here: every
 * instance compares its streams' heads each catch-up interval, so it costs a delay, never an event.
 */
@ApplicationScoped
public class LiveNotifier {

    private static final String NOTIFY = "SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS t(payload)";

    private final Pool pool;
    private final LiveHub hub;
    /** Stream → newest committed seq not yet sent. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    LiveNotifier(Pool pool, LiveHub hub) {
        this.pool = pool;
        this.hub = hub;
    }

    /** Called once the transaction that appended {@code heads} has committed. Never blocks. */
    public void committed(List<EventLog.Head> heads) {
        if (heads.isEmpty()) {
            return;
        }
        for (EventLog.Head head : heads) {
            hub.wake(head.stream(), head.seq());
            pending.merge(head.stream(), head.seq(), Math::max);
        }
        send();
    }

    private void send() {
        while (!pending.isEmpty() && sending.compareAndSet(false, true)) {
            List<String> payloads = new ArrayList<>(pending.size());
            for (String stream : List.copyOf(pending.keySet())) {
                Long seq = pending.remove(stream);
                if (seq != null) {
                    payloads.add(stream + ' ' + seq);
                }
            }
            if (payloads.isEmpty()) {
                sending.set(false);
                continue;
            }
            pool.preparedQuery(NOTIFY).execute(Tuple.of(EventLog.CHANNEL, payloads.toArray(String[]::new)))
                    .subscribe().with(rows -> sent(), e -> {
                        Log.warnf("Live notification failed (other instances catch up within the interval): %s",
                                e.toString());
                        sent();
                    });
            return;
        }
    }

    /** The statement in flight finished: send what was committed meanwhile. */
    private void sent() {
        sending.set(false);
        send();
    }
}
