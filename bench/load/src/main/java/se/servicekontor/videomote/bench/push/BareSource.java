package se.servicekontor.videomote.bench.push;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.http.HttpMethod;
import se.servicekontor.videomote.bench.harness.Http;
import se.servicekontor.videomote.bench.harness.ServiceApi;

/**
 * The baseline's view of a source: the same clients, paths, lanes and message shapes, but each cause is a
 * {@code POST /publish} to the {@link BareBroadcastServer}, which broadcasts it at once: no database, no event log.
 */
final class BareSource implements EventSource {

    private final EventSource real;

    BareSource(EventSource real) {
        this.real = real;
    }

    @Override
    public String describe() {
        return "bare Vert.x broadcast of the same messages, caused by POST "
                + (real.bareFollowers(0, 0).isEmpty() ? "/publish" : "/publish-all (each cause's messages in one request)");
    }

    @Override
    public void prepare(ServiceApi api) {
    }

    @Override
    public String office() {
        return real.office();
    }

    @Override
    public String clientPath() {
        return real.clientPath();
    }

    @Override
    public String clientToken() {
        return real.clientToken(); // sent like the service's clients send it; the bare server ignores it
    }

    @Override
    public String stream() {
        return real.stream();
    }

    @Override
    public String eventType() {
        return real.eventType();
    }

    @Override
    public int lanes() {
        return real.lanes();
    }

    @Override
    public Http.Request cause(int lane, long n) {
        java.util.List<String[]> followers = real.bareFollowers(lane, n);
        if (followers.isEmpty()) {
            return new Http.Request(HttpMethod.POST, "/publish?stream=" + enc(real.stream()) + "&type="
                    + enc(real.eventType()), null, real.bareData(lane, n));
        }
        // Several messages in one request: "type TAB data" per line, the timed event first.
        StringBuilder body = new StringBuilder(real.eventType()).append('\t').append(real.bareData(lane, n));
        for (String[] f : followers) {
            body.append('\n').append(f[0]).append('\t').append(f[1]);
        }
        return new Http.Request(HttpMethod.POST, "/publish-all?stream=" + enc(real.stream()), null, body.toString());
    }

    @Override
    public String bareData(int lane, long n) {
        return real.bareData(lane, n);
    }

    @Override
    public int lane(JsonNode message) {
        return real.lane(message);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
