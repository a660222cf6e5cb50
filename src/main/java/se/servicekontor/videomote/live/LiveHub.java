package se.servicekontor.videomote.live;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Delivers each stream's events, in order and exactly once, to the subscribers on this instance.
 *
 * <p>Per stream, everything happens one task at a time: reading new events and handing them to every subscriber,
 * and attaching a subscriber (which first catches it up from its own position). So a subscriber never sees a gap or a
 * duplicate, however notifications, catch-up reads and new connections interleave. Events are read from the database
 * only after commit, and a stream is read once per instance, whatever the number of its clients.
 *
 * <p>Wake-ups come from PostgreSQL notifications ({@link LiveListener}); a periodic comparison of stream heads turns a
 * lost notification into a short delay instead of a loss.
 */
@ApplicationScoped
public class LiveHub {

    /** Receives one stream's messages in order. Must not block. */
    public interface Sink {

        /**
         * One event; {@code message} is its serialised form, shared by every subscriber, or null for a sink that
         * does not {@link #wantsMessage() want it}.
         */
        void deliver(StoredEvent event, String message);

        /** False for a sink that sends the event's data as it is, so that nobody formats a message for it alone. */
        default boolean wantsMessage() {
            return true;
        }
    }

    /** One sink's place in one stream. */
    public final class Subscription {

        private final String stream;
        private final Sink sink;
        /** The event loop that owns the sink's socket, or null to deliver on the reading thread. */
        private final Context context;
        private volatile long delivered;
        private volatile boolean cancelled;

        private Subscription(String stream, long delivered, Sink sink, Context context) {
            this.stream = stream;
            this.delivered = delivered;
            this.sink = sink;
            this.context = context;
        }

        public void cancel() {
            cancelled = true;
            StreamState state = streams.get(stream);
            if (state != null) {
                state.subscribers.remove(this);
            }
        }

        private void offer(StoredEvent event, String message) {
            if (cancelled || event.seq() <= delivered) {
                return;
            }
            if (event.seq() != delivered + 1) {
                // Cannot happen while sequence numbers are gapless; never paper over it silently.
                Log.errorf("Stream %s jumped from %d to %d for a subscriber", stream, delivered, event.seq());
            }
            delivered = event.seq();
            sink.deliver(event, message);
        }
    }

    private final Map<String, StreamState> streams = new ConcurrentHashMap<>();
    private final LiveQueries queries;
    private final LiveConfig config;

    LiveHub(LiveQueries queries, LiveConfig config) {
        this.queries = queries;
        this.config = config;
    }

    /**
     * Subscribes {@code sink} to {@code stream} from just after {@code afterSeq}: first the stored events it missed,
     * then every new one. The returned Uni completes once the sink has been caught up and attached.
     */
    public Uni<Subscription> subscribe(String stream, long afterSeq, Sink sink) {
        return subscribe(stream, afterSeq, sink, null);
    }

    /**
     * As {@link #subscribe(String, long, Sink)}, delivering new events on {@code context}: the event loop that owns the
     * sink's socket. A stream's events then cost one task per event loop, which writes to all its sockets there,
     * instead of one cross-thread write per socket.
     */
    public Uni<Subscription> subscribe(String stream, long afterSeq, Sink sink, Context context) {
        Subscription subscription = new Subscription(stream, afterSeq, sink, context);
        return Uni.createFrom().emitter(emitter -> attach(subscription, () -> emitter.complete(subscription),
                emitter::fail));
    }

    /**
     * The last sequence number of {@code stream} as {@code client} sees it (0 when it has none): a position to
     * {@link #subscribe} from, read in the caller's own transaction when it must fit with other reads.
     */
    public Uni<Long> head(SqlClient client, String stream) {
        return queries.head(client, stream);
    }

    /** How many sinks on this instance follow {@code stream}. */
    int subscribers(String stream) {
        StreamState state = streams.get(stream);
        return state == null ? 0 : state.subscribers.size();
    }

    /** A notification: {@code stream} has reached {@code seq}. */
    void wake(String stream, long seq) {
        StreamState state = streams.get(stream);
        if (state != null && seq > state.fetched) {
            state.requestPoll();
        }
    }

    /** After the listener (re)connected: notifications may have been missed, so look at every stream. */
    void wakeAll() {
        streams.values().forEach(StreamState::requestPoll);
    }

    @Scheduled(every = "${videomote.live.catch-up-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> catchUp() {
        if (streams.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        streams.values().forEach(StreamState::retireIfIdle);
        List<String> names = List.copyOf(streams.keySet());
        if (names.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return queries.heads(names).invoke(heads -> heads.forEach((stream, head) -> {
            StreamState state = streams.get(stream);
            if (state != null && head > state.fetched) {
                Log.debugf("Catching up %s from %d to %d", stream, state.fetched, head);
                state.requestPoll();
            }
        })).onFailure().invoke(e -> Log.warnf("Live catch-up failed: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void attach(Subscription subscription, Runnable done, java.util.function.Consumer<Throwable> failed) {
        StreamState state = streams.computeIfAbsent(subscription.stream, s -> new StreamState(s, subscription.delivered));
        state.submit(() -> {
            if (streams.get(subscription.stream) != state) {
                attach(subscription, done, failed); // the state was retired meanwhile: use the current one
                return Uni.createFrom().voidItem();
            }
            return state.catchUp(subscription)
                    .invoke(() -> {
                        state.subscribers.add(subscription);
                        state.requestPoll();
                        done.run();
                    })
                    .onFailure().invoke(failed::accept)
                    .onFailure().recoverWithNull().replaceWithVoid();
        });
    }

    /** One stream on this instance: its subscribers, how far it has been read, and its task queue. */
    private final class StreamState {

        private final String stream;
        private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
        private final Queue<Supplier<Uni<Void>>> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicBoolean pollQueued = new AtomicBoolean();
        /** Highest sequence number read and handed to the subscribers; written only by tasks. */
        private volatile long fetched;

        StreamState(String stream, long fetched) {
            this.stream = stream;
            this.fetched = fetched;
        }

        /**
         * Drops this stream from the hub when nobody follows it. The decision is a task of the stream, like attaching a
         * subscriber, so the two cannot interleave: deciding from outside (three reads, then a removal) could see "no
         * subscriber" before an attach, "no task, not running" after it, and drop a stream that had just gained a
         * subscriber, which then received nothing, not even from the once-a-second head check. An attach that finds
         * its state dropped attaches again to the current one.
         */
        void retireIfIdle() {
            if (subscribers.isEmpty() && tasks.isEmpty() && !running.get()) {
                submit(() -> {
                    if (subscribers.isEmpty()) {
                        streams.remove(stream, this);
                    }
                    return Uni.createFrom().voidItem();
                });
            }
        }

        void requestPoll() {
            if (pollQueued.compareAndSet(false, true)) {
                submit(() -> {
                    pollQueued.set(false);
                    return poll();
                });
            }
        }

        /**
         * Reads what is new and hands it to every subscriber, page by page: each message is serialised once, and each
         * event loop gets one task per page for all of its subscribers. Tasks of one event loop run in order, so every
         * subscriber still sees the stream in order.
         */
        private Uni<Void> poll() {
            return queries.after(stream, fetched, config.fetchSize()).chain(events -> {
                if (!events.isEmpty()) {
                    List<String> messages = messages(events);
                    Map<Context, List<Subscription>> byLoop = new java.util.HashMap<>();
                    for (Subscription s : subscribers) {
                        if (s.context == null) {
                            deliver(List.of(s), events, messages);
                        } else {
                            byLoop.computeIfAbsent(s.context, c -> new java.util.ArrayList<>()).add(s);
                        }
                    }
                    byLoop.forEach((loop, subs) -> loop.runOnContext(v -> deliver(subs, events, messages)));
                    fetched = events.get(events.size() - 1).seq();
                }
                return events.size() == config.fetchSize() ? poll() : Uni.createFrom().voidItem();
            });
        }

        /** Each event's message, formatted once for every subscriber that wants it; nulls when none does. */
        private List<String> messages(List<StoredEvent> events) {
            boolean wanted = subscribers.stream().anyMatch(s -> s.sink.wantsMessage());
            List<String> messages = new java.util.ArrayList<>(events.size());
            for (StoredEvent event : events) {
                messages.add(wanted ? LiveMessages.event(event) : null);
            }
            return messages;
        }

        private void deliver(List<Subscription> subs, List<StoredEvent> events, List<String> messages) {
            for (int i = 0; i < events.size(); i++) {
                for (Subscription s : subs) {
                    s.offer(events.get(i), messages.get(i));
                }
            }
        }

        /** Sends a joining subscriber the stored events between its position and where the stream has been read. */
        private Uni<Void> catchUp(Subscription subscription) {
            if (subscription.delivered >= fetched) {
                return Uni.createFrom().voidItem();
            }
            return queries.after(stream, subscription.delivered, config.fetchSize()).chain(events -> {
                for (StoredEvent event : events) {
                    if (event.seq() > fetched) {
                        return Uni.createFrom().voidItem(); // the rest comes with the next poll
                    }
                    subscription.offer(event, subscription.sink.wantsMessage() ? LiveMessages.event(event) : null);
                }
                return events.isEmpty() ? Uni.createFrom().voidItem() : catchUp(subscription);
            });
        }

        void submit(Supplier<Uni<Void>> task) {
            tasks.add(task);
            drain();
        }

        /** Runs queued tasks one at a time; a task that completes synchronously does not deepen the stack. */
        private void drain() {
            while (running.compareAndSet(false, true)) {
                Supplier<Uni<Void>> task = tasks.poll();
                if (task == null) {
                    running.set(false);
                    if (tasks.isEmpty()) {
                        return;
                    }
                    continue;
                }
                Uni<Void> work;
                try {
                    work = task.get();
                } catch (RuntimeException e) {
                    work = Uni.createFrom().failure(e);
                }
                AtomicInteger phase = new AtomicInteger(); // 0 subscribing, 1 waiting, 2 finished synchronously
                work.subscribe().with(ok -> finished(phase), e -> {
                    Log.warnf("Live stream %s: %s", stream, e.toString());
                    finished(phase);
                });
                if (phase.compareAndSet(0, 1)) {
                    return; // completes later and drains again
                }
                running.set(false);
            }
        }

        private void finished(AtomicInteger phase) {
            if (phase.compareAndSet(0, 2)) {
                return;
            }
            running.set(false);
            drain();
        }
    }
}
