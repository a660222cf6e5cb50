package se.servicekontor.videomote.bench.push;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;
import se.servicekontor.videomote.bench.harness.Http;
import se.servicekontor.videomote.bench.harness.ServiceApi;

/**
 * Room status changes on the office's desk stream: {@code PUT /api/v1/offices/{office}/rooms/{room}/status}
 * alternating CLEANING and AVAILABLE, each raising one {@code room.status} event on {@code desk:<office>}. One lane
 * per room. Stands in for visit events on the display stream until the visits feature is merged.
 */
public final class RoomStatusSource implements EventSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String office;
    private final int rooms;
    private final List<String> roomIds = new ArrayList<>();
    private final List<String> roomNames = new ArrayList<>();
    private final Map<String, Integer> laneOfRoom = new HashMap<>();
    private String deskToken;

    public RoomStatusSource(String office, int rooms) {
        this.office = office;
        this.rooms = rooms;
    }

    @Override
    public String describe() {
        return "room.status on desk:" + office + " (desk clients), caused by PUT /api/v1/offices/" + office
                + "/rooms/{room}/status with a desk token, " + rooms + " rooms as lanes";
    }

    @Override
    public void prepare(ServiceApi api) throws Exception {
        api.agency("bench", "B");
        api.office(office, List.of("bench"));
        for (int i = 0; i < rooms; i++) {
            String name = String.format("Rum %02d", i + 1);
            String id = api.room(office, name).get("id").asText();
            roomIds.add(id);
            roomNames.add(name);
            laneOfRoom.put(id, i);
        }
        deskToken = api.tokens().desk(office);
    }

    @Override
    public String office() {
        return office;
    }

    @Override
    public String clientPath() {
        return "/ws/v1/offices/" + office + "/desk";
    }

    @Override
    public String clientToken() {
        return deskToken;
    }

    @Override
    public String stream() {
        return "desk:" + office;
    }

    @Override
    public String eventType() {
        return "room.status";
    }

    @Override
    public int lanes() {
        return rooms;
    }

    @Override
    public Http.Request cause(int lane, long n) {
        return new Http.Request(HttpMethod.PUT, "/api/v1/offices/" + office + "/rooms/" + roomIds.get(lane) + "/status",
                deskToken, "{\"status\":\"" + status(n) + "\"}");
    }

    @Override
    public String bareData(int lane, long n) {
        // The service's RoomStatusChanged record: roomId, officeId, name, status, changedAt.
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("roomId", roomIds.get(lane));
        data.put("officeId", office);
        data.put("name", roomNames.get(lane));
        data.put("status", status(n));
        data.put("changedAt", Instant.now().toString());
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int lane(JsonNode message) {
        if (!eventType().equals(message.path("type").asText())) {
            return -1;
        }
        return laneOfRoom.getOrDefault(message.path("data").path("roomId").asText(), -1);
    }

    private static String status(long n) {
        return n % 2 == 0 ? "CLEANING" : "AVAILABLE";
    }
}
