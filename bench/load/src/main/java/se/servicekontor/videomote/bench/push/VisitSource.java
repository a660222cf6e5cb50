package se.servicekontor.videomote.bench.push;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import se.servicekontor.videomote.bench.harness.Http;
import se.servicekontor.videomote.bench.harness.ServiceApi;

/**
 * Walk-in visits on the office's display stream, as issue 5 specifies: display clients on
 * {@code /ws/v1/offices/{office}/display} with a kiosk token; each cause is {@code POST /api/v1/offices/{office}/visits}
 * with the desk's token for one agency, which raises {@code visit.created} (timed) and {@code queue.summary} (not
 * timed, but pushed to every client all the same) on {@code display:<office>}, plus events on the desk and agency
 * streams that display clients do not read. One lane per agency, all offered at the office: the k-th
 * {@code visit.created} of an agency belongs to the k-th successful cause of that lane.
 */
public final class VisitSource implements EventSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An office offers at most 20 agencies (OfficeRequest.agencies). */
    static final int MAX_LANES = 20;

    private final String office;
    private final int agencies;
    private final List<String> codes = new ArrayList<>();
    private final Map<String, Integer> laneOfAgency = new HashMap<>();
    private final Map<Integer, String> prefixes = new HashMap<>();
    private String deskToken;
    private String kioskToken;

    public VisitSource(String office, int agencies) {
        if (agencies < 1 || agencies > MAX_LANES) {
            throw new IllegalArgumentException("--lanes must be 1 to " + MAX_LANES + " for --source visits (one agency"
                    + " per lane, an office offers at most " + MAX_LANES + ")");
        }
        this.office = office;
        this.agencies = agencies;
    }

    @Override
    public String describe() {
        return "visit.created (+ queue.summary) on display:" + office + " (display clients, kiosk token), caused by POST"
                + " /api/v1/offices/" + office + "/visits with a desk token, " + agencies + " agencies as lanes";
    }

    @Override
    public void prepare(ServiceApi api) throws Exception {
        for (int i = 0; i < agencies; i++) {
            String code = "bench-v" + (i + 1);
            String prefix = "V" + (char) ('A' + i);
            api.agency(code, prefix);
            codes.add(code);
            laneOfAgency.put(code, i);
            prefixes.put(i, prefix);
        }
        api.office(office, codes);
        deskToken = api.tokens().desk(office);
        kioskToken = api.tokens().kiosk(office);
    }

    @Override
    public String office() {
        return office;
    }

    @Override
    public String clientPath() {
        return "/ws/v1/offices/" + office + "/display";
    }

    @Override
    public String clientToken() {
        return kioskToken;
    }

    @Override
    public String stream() {
        return "display:" + office;
    }

    @Override
    public String eventType() {
        return "visit.created";
    }

    @Override
    public int lanes() {
        return agencies;
    }

    @Override
    public Http.Request cause(int lane, long n) {
        String code = codes.get(lane);
        return new Http.Request(HttpMethod.POST, "/api/v1/offices/" + office + "/visits", deskToken,
                "{\"agency\":\"" + code + "\",\"service\":\"" + code + "-a\",\"visitorName\":\"Bench Besökare\","
                        + "\"afterHours\":true}"); // the desk issues tickets at any hour the bench runs
    }

    /** The service's TicketChanged of a new visit: from, fromAgency, visit (TicketView). */
    @Override
    public String bareData(int lane, long n) {
        Map<String, Object> visit = new LinkedHashMap<>();
        visit.put("id", UUID.randomUUID().toString());
        visit.put("ticket", String.format("%s%03d", prefixes.get(lane), n + 1));
        visit.put("office", office);
        visit.put("agency", codes.get(lane));
        visit.put("service", codes.get(lane) + "-a");
        visit.put("status", "WAITING");
        visit.put("position", n + 1);
        visit.put("estimatedWait", estimate(n));
        visit.put("waitingSince", now());
        visit.put("room", null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", null);
        data.put("fromAgency", null);
        data.put("visit", visit);
        return json(data);
    }

    /** The service's QueueSummary that follows every new visit: every agency of the office, waiting and estimate. */
    @Override
    public List<String[]> bareFollowers(int lane, long n) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String code : codes) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("agency", code);
            line.put("waiting", n + 1);
            line.put("estimatedWait", estimate(n));
            lines.add(line);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("office", office);
        data.put("agencies", lines);
        return java.util.Collections.singletonList(new String[] { "queue.summary", json(data) });
    }

    @Override
    public int lane(JsonNode message) {
        if (!eventType().equals(message.path("type").asText())) {
            return -1;
        }
        return laneOfAgency.getOrDefault(message.path("data").path("visit").path("agency").asText(), -1);
    }

    private static Map<String, Object> estimate(long n) {
        Map<String, Object> wait = new LinkedHashMap<>();
        wait.put("minMinutes", 10 + n % 50);
        wait.put("maxMinutes", 40 + n % 50);
        return wait;
    }

    private static String now() {
        return OffsetDateTime.now(ZoneId.of("Europe/Stockholm")).toString();
    }

    private static String json(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
