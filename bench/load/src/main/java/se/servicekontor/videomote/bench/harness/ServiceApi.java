package se.servicekontor.videomote.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
        return office(id, agencies, 0);
    }

    /**
     * A FIXED office in Europe/Stockholm open {@link #OPENS}–{@link #CLOSES} every day of the week, public holidays
     * included (so that every seeded slot is bookable whatever the dates of the run), serving {@code agencies}, with a
     * cleaning buffer after each meeting (0: a room is AVAILABLE again at once).
     */
    public JsonNode office(String id, List<String> agencies, int cleaningBufferMinutes)
            throws IOException, InterruptedException {
        List<Map<String, String>> hours = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
                "SUNDAY").stream().map(day -> Map.of("day", day, "opens", OPENS.toString(), "closes",
                        CLOSES.toString())).toList();
        return send("POST", "/api/v1/offices", tokens.admin(), Map.of("id", id, "name", "Bench " + id,
                "municipality", "Norrköping", "kind", "FIXED", "timeZone", ZONE.getId(), "openingHours", hours,
                "agencies", agencies, "cleaningBufferMinutes", cleaningBufferMinutes, "closedOnHolidays", false));
    }

    /** Opening hours and time zone of every office {@link #office} creates. */
    public static final LocalTime OPENS = LocalTime.of(8, 0);
    public static final LocalTime CLOSES = LocalTime.of(18, 0);
    public static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    /** A case officer of {@code agency} with {@code services} and {@code languages}; the response carries its {@code id}. */
    public JsonNode officer(String agency, String name, List<String> languages, List<String> services)
            throws IOException, InterruptedException {
        return send("POST", "/api/v1/officers", tokens.admin(), Map.of("agency", agency, "name", name,
                "languages", languages, "services", services));
    }

    /** A working period of an officer (at most 24 hours), in which the officer can be booked. */
    public JsonNode shift(UUID officer, OffsetDateTime start, OffsetDateTime end) throws IOException, InterruptedException {
        return send("POST", "/api/v1/officers/" + officer + "/shifts", tokens.admin(), Map.of("start", start.toString(),
                "end", end.toString()));
    }

    /** The officer sets its own presence (AVAILABLE, AWAY, OFFLINE) with its own token, as its console does. */
    public JsonNode presence(UUID officer, String agency, String presence) throws IOException, InterruptedException {
        return send("PUT", "/api/v1/officers/" + officer + "/presence", tokens.officer(officer, agency),
                Map.of("presence", presence));
    }

    /** One seeding call that answers nothing of interest. */
    public interface Call {

        void run() throws Exception;
    }

    /**
     * Runs seeding calls {@code parallelism} at a time (thousands of shifts would take minutes one by one); fails
     * with the first error after all have finished.
     */
    public static void parallel(int parallelism, List<Call> calls) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelism);
        try {
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (Call call : calls) {
                futures.add(pool.submit(() -> {
                    call.run();
                    return null;
                }));
            }
            Exception first = null;
            for (java.util.concurrent.Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
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
