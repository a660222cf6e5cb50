package se.servicekontor.videomote.live;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The wire format: {@code {"stream", "seq", "type", "at", "data"}}. An event's message is built once and sent to
 * every client of the stream; its data goes out as stored, never re-serialised.
 */
@ApplicationScoped
public class LiveMessages {

    /** Instants on the wire are RFC 3339 with the Swedish offset, like the rest of the API. */
    static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    private final ObjectMapper json;

    LiveMessages(ObjectMapper json) {
        this.json = json;
    }

    static String event(StoredEvent e) {
        StringBuilder out = new StringBuilder(96 + e.data().length());
        out.append("{\"stream\":\"");
        JsonStringEncoder.getInstance().quoteAsString(e.stream(), out);
        out.append("\",\"seq\":").append(e.seq()).append(",\"type\":\"");
        JsonStringEncoder.getInstance().quoteAsString(e.type(), out);
        out.append("\",\"at\":\"").append(instant(e.at().toInstant())).append("\",\"data\":").append(e.data()).append('}');
        return out.toString();
    }

    /** The first message on a connection: the whole current state and the seq it corresponds to. */
    String snapshot(String stream, long seq, Instant at, boolean resync, Object data) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("stream", stream);
        message.put("seq", seq);
        message.put("type", "snapshot");
        message.put("at", instant(at));
        if (resync) {
            message.put("resync", true);
        }
        message.put("data", data);
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Snapshot is not serialisable", e);
        }
    }

    static String instant(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(at, ZONE));
    }
}
