package se.servicekontor.videomote.bench.push;

import com.fasterxml.jackson.databind.JsonNode;

import se.servicekontor.videomote.bench.harness.Http;
import se.servicekontor.videomote.bench.harness.ServiceApi;

/**
 * What the push benchmark measures the delivery of: which WebSocket stream the clients read, which REST call causes
 * an event on it, and how a received event is traced back to the call that caused it. Swapping the source (room
 * status on the desk stream today; visits on the display stream once the visits feature is merged) changes nothing
 * else in the benchmark, and the bare baseline is derived from the same source.
 *
 * <p>Causes run in {@link #lanes() lanes}: at most one cause per lane is in flight, so each lane's events are
 * committed, numbered and received in the order of its causes. That is what lets the benchmark pair the k-th event
 * of a lane with the k-th successful cause of that lane, without putting anything benchmark-specific into the
 * service's events.
 */
public interface EventSource {

    /** One line for the report, e.g. which event on which stream, caused by which call. */
    String describe();

    /** Seeds what the source needs through the service's REST API (once per run, before any measurement). */
    void prepare(ServiceApi api) throws Exception;

    /** The office whose streams are read (idle clients connect to its display stream). */
    String office();

    /** WebSocket path of the receiving clients, e.g. {@code /ws/v1/offices/{office}/desk}. */
    String clientPath();

    /** Bearer token of the receiving clients (desk, kiosk, ...). */
    String clientToken();

    /** The stream name the clients read, as it appears in messages. */
    String stream();

    /** The event {@code type} each cause produces on the stream, e.g. {@code room.status}. */
    String eventType();

    /** How many independent lanes (e.g. rooms); the rate divided by this is the rate per lane. */
    int lanes();

    /** The REST call that causes the {@code n}-th event (0, 1, 2, ...) of {@code lane}. */
    Http.Request cause(int lane, long n);

    /**
     * The {@code data} a bare broadcast server should send for the same cause: same shape and size as the service's
     * event, so both push equal messages.
     */
    String bareData(int lane, long n);

    /**
     * Messages the service pushes to the same clients right after the timed event of every cause (type and data, in
     * order), e.g. the {@code queue.summary} that follows a new visit. The bare server broadcasts them too, so both
     * push the same messages; they are not timed. None by default.
     */
    default java.util.List<String[]> bareFollowers(int lane, long n) {
        return java.util.List.of();
    }

    /** The lane of a received message, or -1 if it is not an event this source causes (snapshot, other types). */
    int lane(JsonNode message);
}
