package se.servicekontor.videomote.visits;

import static org.assertj.core.api.Assertions.assertThat;
import static se.servicekontor.videomote.visits.VisitFixtures.act;
import static se.servicekontor.videomote.visits.VisitFixtures.officerToken;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** A whole visit watched by a waiting-room screen, the desk, the officer and the room terminal over WebSockets. */
@QuarkusTest
class VisitLiveFlowTest {

    private static final Duration QUIET = Duration.ofMillis(1500);
    private static final String NAME = "Astrid Testdotter";

    /** Every field name a waiting-room screen may ever receive. */
    private static final Set<String> DISPLAY_FIELDS = Set.of("stream", "seq", "type", "at", "data", "queue", "office",
            "waiting", "called", "inMeeting", "agencies", "agency", "ticket", "position", "waitingSince", "room", "id",
            "name", "estimatedWait", "minMinutes", "maxMinutes", "from", "fromAgency", "visit", "service", "status",
            "servable", "unservable"); // whether anybody on duty can serve: a flag and a count, never a person

    @Test
    void shouldTellEveryAudienceTheRightThingsInOrderAndNeverShowANameOnTheDisplay() {
        var agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        UUID room = TestData.room(office, "Besöksrum 1");
        UUID officer = VisitFixtures.officer(agency);

        try (LiveClient display = LiveClient.connect("/ws/v1/offices/" + office + "/display", Tokens.kiosk(office));
                LiveClient desk = LiveClient.connect("/ws/v1/offices/" + office + "/desk", Tokens.desk(office));
                LiveClient console = LiveClient.connect("/ws/v1/officers/" + officer, officerToken(officer, agency.code()));
                LiveClient terminal = LiveClient.connect("/ws/v1/rooms/" + room, Tokens.room(office, room))) {
            List<JsonObject> shown = new ArrayList<>();
            JsonObject displaySnapshot = display.next();
            shown.add(displaySnapshot);
            assertThat(displaySnapshot.getJsonObject("data").getJsonObject("queue").getString("office")).isEqualTo(office);
            assertThat(desk.next().getJsonObject("data").fieldNames()).contains("rooms", "queue");
            JsonObject consoleSnapshot = console.next();
            assertThat(consoleSnapshot.getJsonObject("data").fieldNames()).contains("officer", "visit", "waiting");
            int waitingBefore = consoleSnapshot.getJsonObject("data").getJsonObject("waiting").getInteger("waiting");
            JsonObject terminalSnapshot = terminal.next();
            assertThat(terminalSnapshot.getJsonObject("data").getValue("visit")).isNull();

            UUID visit = VisitFixtures.visit(office, agency.code(), "svc-a", "visitorName", NAME);
            List<JsonObject> created = display.next(2, Duration.ofSeconds(10));
            shown.addAll(created);
            assertThat(types(created)).containsExactly("visit.created", "queue.summary");
            String ticket = created.get(0).getJsonObject("data").getJsonObject("visit").getString("ticket");
            assertThat(ticket).startsWith(agency.ticketPrefix());
            JsonObject deskCreated = desk.next();
            assertThat(deskCreated.getString("type")).isEqualTo("visit.created");
            assertThat(deskCreated.getJsonObject("data").getJsonObject("visit").getString("visitorName")).isEqualTo(NAME);
            assertThat(desk.next().getString("type")).isEqualTo("queue.summary");
            // National counts are state published from committed rows at most every 250 ms: a publication that read
            // the counts just before this ticket committed may come first. The ticket's count must follow.
            JsonObject national = console.next();
            for (int i = 0; i < 3 && national.getJsonObject("data").getInteger("waiting") == waitingBefore; i++) {
                national = console.next();
            }
            assertThat(national.getString("stream")).isEqualTo("agency:" + agency.code());
            assertThat(national.getString("type")).isEqualTo("queue.summary");
            assertThat(national.getJsonObject("data").getInteger("waiting")).isEqualTo(waitingBefore + 1);
            terminal.assertQuiet(Duration.ofMillis(300));

            VisitFixtures.called(officer, agency.code());
            act(visit, "start", officerToken(officer, agency.code())).then().statusCode(200);
            act(visit, "complete", officerToken(officer, agency.code())).then().statusCode(200);

            List<JsonObject> screen = settle(display);
            shown.addAll(screen);
            assertThat(types(screen)).containsExactly("visit.called", "queue.summary", "visit.started", "visit.completed",
                    "queue.summary");
            JsonObject calledOnScreen = screen.get(0).getJsonObject("data").getJsonObject("visit");
            assertThat(calledOnScreen.getString("ticket")).isEqualTo(ticket);
            assertThat(calledOnScreen.getJsonObject("room").getString("name")).isEqualTo("Besöksrum 1");

            List<JsonObject> atDesk = settle(desk);
            assertThat(types(atDesk)).containsExactly("visit.called", "room.status", "queue.summary", "visit.started",
                    "room.status", "visit.completed", "room.status", "queue.summary");
            assertThat(atDesk).filteredOn(m -> m.getString("type").equals("room.status"))
                    .extracting(m -> m.getJsonObject("data").getString("status"))
                    .containsExactly("RESERVED", "OCCUPIED", "AVAILABLE");

            List<JsonObject> atConsole = settle(console);
            assertThat(atConsole).filteredOn(m -> m.getString("stream").equals("officer:" + officer))
                    .extracting(m -> m.getString("type"))
                    .containsExactly("visit.called", "officer.presence", "video.ready", "visit.started", "visit.completed",
                            "officer.presence", "video.ended");
            assertThat(atConsole).filteredOn(m -> m.getString("type").equals("visit.called")).singleElement()
                    .satisfies(m -> assertThat(m.getJsonObject("data").getJsonObject("visit").getString("visitorName"))
                            .isEqualTo(NAME));
            assertThat(atConsole).filteredOn(m -> m.getString("stream").startsWith("agency:"))
                    .extracting(m -> m.getJsonObject("data").getInteger("waiting")).containsExactly(waitingBefore);

            List<JsonObject> inRoom = settle(terminal);
            assertThat(types(inRoom)).containsExactly("visit.called", "room.status", "video.ready", "visit.started",
                    "room.status", "visit.completed", "room.status", "video.ended");
            assertThat(inRoom.get(0).getJsonObject("data").getJsonObject("visit").getString("ticket")).isEqualTo(ticket);

            for (LiveClient.Checked stream : List.of(new LiveClient.Checked(shown), new LiveClient.Checked(atDesk),
                    new LiveClient.Checked(inRoom))) {
                stream.assertGapless();
            }
            // The screen: only allow-listed fields, and the visitor's name nowhere.
            Set<String> fields = new TreeSet<>();
            for (JsonObject message : shown) {
                collectFields(message, fields);
                assertThat(message.encode()).doesNotContain(NAME).doesNotContain("Astrid").doesNotContain("visitorName");
            }
            assertThat(DISPLAY_FIELDS).containsAll(fields);
            for (JsonObject message : inRoom) {
                assertThat(message.encode()).doesNotContain(NAME);
            }
        }
    }

    private static List<JsonObject> settle(LiveClient client) {
        List<JsonObject> out = new ArrayList<>();
        while (true) {
            try {
                out.add(client.next(QUIET));
            } catch (AssertionError quiet) {
                return out;
            }
        }
    }

    private static List<String> types(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getString("type")).toList();
    }

    private static void collectFields(Object value, Set<String> fields) {
        if (value instanceof JsonObject o) {
            for (String key : o.fieldNames()) {
                fields.add(key);
                collectFields(o.getValue(key), fields);
            }
        } else if (value instanceof JsonArray a) {
            a.forEach(v -> collectFields(v, fields));
        }
    }
}
