package se.servicekontor.videomote.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seeds the service through its public REST API, as an administrator would, and fails loudly on any error: a
 * benchmark must never measure a half-seeded service. Blocking on purpose: seeding is not measured.
 */
public final class ServiceApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Tokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ServiceApi(URI base, Tokens tokens) {
        this.base = base;
        this.tokens = tokens;
    }

    public Tokens tokens() {
        return tokens;
    }

    public URI base() {
        return base;
    }

    /** An agency with one 30-minute service {@code <code>-a}. */
    public JsonNode agency(String code, String ticketPrefix) throws IOException, InterruptedException {
        return send("POST", "/api/v1/agencies", tokens.admin(), Map.of("code", code, "name", "Bench " + code,
                "ticketPrefix", ticketPrefix, "services", List.of(Map.of("code", code + "-a", "name", "Errand",
                        "durationMinutes", 30))));
    }

    /** A FIXED office open 08:00–18:00 every day of the week, serving {@code agencies}. */
    public JsonNode office(String id, List<String> agencies) throws IOException, InterruptedException {
        List<Map<String, String>> hours = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
                "SUNDAY").stream().map(day -> Map.of("day", day, "opens", "08:00", "closes", "18:00")).toList();
        return send("POST", "/api/v1/offices", tokens.admin(), Map.of("id", id, "name", "Bench " + id,
                "municipality", "Norrköping", "kind", "FIXED", "openingHours", hours, "agencies", agencies));
    }

    /** A visitor room of {@code office}; the response carries its {@code id}. */
    public JsonNode room(String office, String name) throws IOException, InterruptedException {
        return send("POST", "/api/v1/offices/" + office + "/rooms", tokens.admin(), Map.of("name", name));
    }

    /** Any call; answers the parsed body of a 2xx response and throws on anything else. */
    public JsonNode send(String method, String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
