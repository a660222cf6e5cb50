package se.servicekontor.videomote.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.RawWebSocket;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class LiveStatusTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Db db;

    @Inject
    LiveHub hub;

    @Inject
    LiveQueries queries;

    @Inject
    EventLog events;

    private static void setStatus(String office, UUID room, String status) {
        given().auth().oauth2(Tokens.desk(office)).contentType(ContentType.JSON).body(Map.of("status", status))
                .put("/api/v1/offices/" + office + "/rooms/" + room + "/status").then().statusCode(200);
    }

    private void emit(String stream, String type, Object data) {
        db.inTransaction(tx -> {
            tx.emit(new Event(stream, type, data));
            return Uni.createFrom().voidItem();
        }).await().atMost(WAIT);
    }

    @Test
    void shouldSendSnapshotThenNumberedEventsInOrder() {
        var o = TestData.office(TestData.agency().code());
        UUID room = TestData.room(o.id(), "Rum 1");
        setStatus(o.id(), room, "CLEANING");
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + o.id() + "/desk", Tokens.desk(o.id()))) {
            JsonObject snapshot = desk.next();
            assertThat(snapshot.getString("type")).isEqualTo("snapshot");
            assertThat(snapshot.getString("stream")).isEqualTo("desk:" + o.id());
            assertThat(snapshot.getLong("seq")).isEqualTo(1L);
            assertThat(snapshot.containsKey("resync")).isFalse();
            assertThat(snapshot.getJsonObject("data").getJsonArray("rooms").getJsonObject(0).getString("status"))
                    .isEqualTo("CLEANING");

            setStatus(o.id(), room, "AVAILABLE");
            setStatus(o.id(), room, "OUT_OF_SERVICE");
            List<JsonObject> events = desk.next(2, WAIT);
            assertThat(events).extracting(e -> e.getLong("seq")).containsExactly(2L, 3L);
            assertThat(events).extracting(e -> e.getString("type")).containsOnly("room.status");
            assertThat(events).extracting(e -> e.getJsonObject("data").getString("status"))
                    .containsExactly("AVAILABLE", "OUT_OF_SERVICE");
            assertThat(events.get(0).fieldNames()).containsExactlyInAnyOrder("stream", "seq", "type", "at", "data");
            assertThat(events.get(0).getString("at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?[+-]\\d\\d:\\d\\d");
            desk.assertQuiet(Duration.ofMillis(300));
        }
    }

    @Test
    void shouldResumeWithExactlyTheEventsAfterN() {
        var o = TestData.office(TestData.agency().code());
        String stream = Streams.desk(o.id());
        long seen;
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + o.id() + "/desk", Tokens.desk(o.id()))) {
            seen = desk.next().getLong("seq");
        }
        for (int i = 1; i <= 100; i++) {
            emit(stream, "test.counted", Map.of("n", i));
        }
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + o.id() + "/desk?after=" + seen, Tokens.desk(o.id()))) {
            List<JsonObject> events = desk.next(100, WAIT);
            for (int i = 0; i < 100; i++) {
                assertThat(events.get(i).getLong("seq")).isEqualTo(seen + 1 + i);
                assertThat(events.get(i).getJsonObject("data").getInteger("n")).isEqualTo(i + 1);
            }
            desk.assertQuiet(Duration.ofMillis(500));

            emit(stream, "test.counted", Map.of("n", 101));
            assertThat(desk.next().getLong("seq")).isEqualTo(seen + 101);
        }
    }

    @Test
    void shouldWriteAChangeOfAnOfficeAsOneRowAndKeepEveryStreamGapless() {
        String one = TestData.office(TestData.agency().code()).id();
        String two = TestData.office(TestData.agency().code()).id();
        String roomA = Streams.room(UUID.randomUUID());
        String roomB = Streams.room(UUID.randomUUID());
        String officerX = Streams.officer(UUID.randomUUID());
        String officerY = Streams.officer(UUID.randomUUID());
        String agency = Streams.agency("T" + UUID.randomUUID().toString().substring(0, 8));
        // The office of the first desk or display event carries its desk and display streams, the first room and the
        // first officer; everything else stays a row of its own stream.
        emitAll(new Event(Streams.desk(one), "t.a", Map.of("n", 1)), new Event(Streams.display(one), "t.a", Map.of("n", 2)),
                new Event(roomA, "t.b", Map.of("n", 3)), new Event(officerX, "t.c", Map.of("n", 4)),
                new Event(roomB, "t.d", Map.of("n", 5)), new Event(Streams.desk(two), "t.e", Map.of("n", 6)),
                new Event(officerY, "t.f", Map.of("n", 7)), new Event(agency, "t.g", Map.of("n", 8)),
                new Event(Streams.desk(one), "t.h", Map.of("n", 9)), new Event(roomA, "t.i", Map.of("n", 10)));
        emitAll(new Event(officerX, "t.j", Map.of("n", 11))); // no office: a row of its own
        emitAll(new Event(Streams.desk(two), "t.k", Map.of("n", 12)), new Event(roomA, "t.l", Map.of("n", 13)));

        assertThat(Sql.count("SELECT count(*) FROM live_entry WHERE office_id = ?", one)).isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM live_entry WHERE office_id = ?", two)).isEqualTo(1);
        assertThat(Sql.rows("SELECT stream, seq FROM live_event WHERE stream IN (?, ?, ?, ?, ?, ?) ORDER BY stream",
                roomB, Streams.desk(two), officerX, officerY, agency, roomA)).hasSize(5);
        assertThat(read(Streams.desk(one), 0, 10)).containsExactly("1 t.a 1", "2 t.h 9");
        assertThat(read(Streams.display(one), 0, 10)).containsExactly("1 t.a 2");
        assertThat(read(roomA, 0, 10)).containsExactly("1 t.b 3", "2 t.i 10", "3 t.l 13");
        assertThat(read(roomA, 1, 10)).containsExactly("2 t.i 10", "3 t.l 13");
        assertThat(read(roomA, 0, 1)).containsExactly("1 t.b 3");
        assertThat(read(officerX, 0, 10)).containsExactly("1 t.c 4", "2 t.j 11");
        assertThat(read(Streams.desk(two), 0, 10)).containsExactly("1 t.e 6", "2 t.k 12");
        assertThat(read(Streams.desk(two), 1, 10)).containsExactly("2 t.k 12");
        assertThat(read(agency, 0, 10)).containsExactly("1 t.g 8");
        assertThat(queries.firstRetained(roomA).await().atMost(WAIT)).isEqualTo(1L);
        assertThat(queries.lastRetained(roomA).await().atMost(WAIT)).isEqualTo(3L);
        assertThat(queries.lastRetained(Streams.desk(two)).await().atMost(WAIT)).isEqualTo(2L);
        assertThat(queries.firstRetained(Streams.display(two)).await().atMost(WAIT)).isNull();
        assertThat(Sql.rows("SELECT seq, type FROM live_message WHERE stream = ? ORDER BY seq", roomA))
                .extracting(r -> r.get("type")).containsExactly("t.b", "t.i", "t.l");
        assertThatThrownBy(() -> db.inTransaction(tx -> events.forget(tx.connection(), List.of(roomA)))
                .await().atMost(WAIT)).isInstanceOf(IllegalArgumentException.class);
    }

    private void emitAll(Event... list) {
        db.inTransaction(tx -> {
            for (Event e : list) {
                tx.emit(e);
            }
            return Uni.createFrom().voidItem();
        }).await().atMost(WAIT);
    }

    /** A stream's events after {@code after} as the hub reads them: "seq type n". */
    private List<String> read(String stream, long after, int limit) {
        return queries.after(stream, after, limit).await().atMost(WAIT).stream()
                .map(e -> e.seq() + " " + e.type() + " " + new JsonObject(e.data()).getInteger("n")).toList();
    }

    @Test
    void shouldResyncWhenEventsAreNoLongerKeptOrTheClientIsAhead() {
        var o = TestData.office(TestData.agency().code());
        UUID room = TestData.room(o.id(), "Rum 1");
        String stream = Streams.desk(o.id());
        for (int i = 0; i < 5; i++) {
            emit(stream, "test.counted", Map.of("n", i));
        }
        // As retention would: a desk's events are messages of the office's live_entry rows.
        Sql.update("DELETE FROM live_entry WHERE office_id = ? AND desk_to <= 3", o.id());
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + o.id() + "/desk?after=1", Tokens.desk(o.id()))) {
            JsonObject snapshot = desk.next();
            assertThat(snapshot.getString("type")).isEqualTo("snapshot");
            assertThat(snapshot.getBoolean("resync")).isTrue();
            assertThat(snapshot.getLong("seq")).isEqualTo(5L);
            assertThat(snapshot.getJsonObject("data").getJsonArray("rooms").getJsonObject(0).getString("id"))
                    .isEqualTo(room.toString());
            desk.assertQuiet(Duration.ofMillis(300));
        }
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + o.id() + "/desk?after=3", Tokens.desk(o.id()))) {
            assertThat(desk.next(2, WAIT)).extracting(e -> e.getLong("seq")).containsExactly(4L, 5L);
        }
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + o.id() + "/desk?after=99", Tokens.desk(o.id()))) {
            JsonObject snapshot = desk.next();
            assertThat(snapshot.getBoolean("resync")).isTrue();
            assertThat(snapshot.getLong("seq")).isEqualTo(5L);
        }
    }

    @Test
    void shouldDeliverEventsWhoseNotificationWasLost() {
        var o = TestData.office(TestData.agency().code());
        String stream = Streams.desk(o.id());
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + o.id() + "/desk", Tokens.desk(o.id()))) {
            desk.next();
            // Written without pg_notify: only the periodic catch-up can find it.
            Sql.update("""
                    WITH b AS (INSERT INTO live_stream AS s (stream, last_seq) VALUES (?, 1)
                               ON CONFLICT (stream) DO UPDATE SET last_seq = s.last_seq + 1 RETURNING last_seq)
                    INSERT INTO live_event (stream, seq, type, at, data) SELECT ?, last_seq, 'test.silent', now(), '{}' FROM b""",
                    stream, stream);
            JsonObject event = desk.next(Duration.ofSeconds(5));
            assertThat(event.getString("type")).isEqualTo("test.silent");
            assertThat(event.getLong("seq")).isEqualTo(1L);
        }
    }

    @Test
    void shouldNotifyOtherInstancesOfEachCommittedHeadAndNothingOfARollback() throws Exception {
        var o = TestData.office(TestData.agency().code());
        String committed = Streams.desk(o.id());
        String rolledBack = Streams.desk(o.id()) + ":rolled-back";
        try (Connection listener = Sql.connect()) {
            listener.createStatement().execute("LISTEN " + EventLog.CHANNEL);
            Uni<?> failing = db.inTransaction(tx -> {
                tx.emit(new Event(rolledBack, "test.never", Map.of()));
                return Uni.createFrom().failure(new IllegalStateException("rolled back on purpose"));
            });
            assertThatThrownBy(() -> failing.await().atMost(WAIT)).hasMessageContaining("on purpose");
            // Concurrent commits: whatever else arrives, the newest head goes out.
            List<Uni<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                writes.add(db.inTransaction(tx -> {
                    tx.emit(new Event(committed, "test.counted", Map.of()));
                    return Uni.createFrom().voidItem();
                }));
            }
            Uni.join().all(writes).andFailFast().await().atMost(WAIT);
            List<String> payloads = new ArrayList<>();
            PGConnection pg = listener.unwrap(PGConnection.class);
            await().atMost(WAIT).until(() -> {
                PGNotification[] received = pg.getNotifications(100);
                if (received != null) {
                    for (PGNotification n : received) {
                        payloads.add(n.getParameter());
                    }
                }
                return payloads.contains(committed + " 20");
            });
            // Only committed transactions notify (after their commit), and the rollback came first: had it notified,
            // its payload would be here before the last head. (Other streams may notify meanwhile: background jobs
            // of the application share the database.)
            assertThat(payloads).noneMatch(p -> p.startsWith(rolledBack + " "));
        }
    }

    @Test
    void shouldKeepDeliveringWhenTheListenerConnectionIsKilled() {
        var o = TestData.office(TestData.agency().code());
        UUID room = TestData.room(o.id(), "Rum 1");
        String listeners = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + LiveListener.APPLICATION_NAME
                + "' AND datname = current_database()";
        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + o.id() + "/desk", Tokens.desk(o.id()))) {
            desk.next();
            assertThat(Sql.count(listeners)).isEqualTo(1);
            Sql.rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()",
                    LiveListener.APPLICATION_NAME);
            setStatus(o.id(), room, "CLEANING");
            setStatus(o.id(), room, "AVAILABLE");
            assertThat(desk.next(2, WAIT)).extracting(e -> e.getJsonObject("data").getString("status"))
                    .containsExactly("CLEANING", "AVAILABLE");
            await().atMost(WAIT).until(() -> Sql.count(listeners) == 1);
            setStatus(o.id(), room, "OUT_OF_SERVICE");
            assertThat(desk.next().getJsonObject("data").getString("status")).isEqualTo("OUT_OF_SERVICE");
        }
    }

    @Test
    void shouldCloseAClientThatStopsReadingWithoutSlowingTheOthers() throws Exception {
        var o = TestData.office(TestData.agency().code());
        String stream = Streams.desk(o.id());
        String path = "/ws/v1/offices/" + o.id() + "/desk";
        try (LiveClient reader = LiveClient.connect(path, Tokens.desk(o.id()));
                RawWebSocket stuck = RawWebSocket.open(path, Tokens.desk(o.id()))) {
            reader.next();
            // Counted per stream, not over the instance: connections of earlier tests may still be closing.
            await().atMost(WAIT).until(() -> hub.subscribers(stream) == 2);
            String blob = "x".repeat(256 * 1024);
            for (int i = 0; i < 40; i++) {
                emit(stream, "test.bulk", Map.of("n", i, "blob", blob));
            }
            List<JsonObject> received = reader.next(40, Duration.ofSeconds(20));
            assertThat(received).extracting(e -> e.getJsonObject("data").getInteger("n"))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).boxed().toList());
            await().atMost(WAIT).until(() -> hub.subscribers(stream) == 1);
            assertThat(stuck.readUntilClose()).isIn(LiveSockets.TOO_SLOW, -1);
        }
    }

    @Test
    void shouldCloseAClientThatStopsAnsweringPings() throws Exception {
        var o = TestData.office(TestData.agency().code());
        try (LiveClient alive = LiveClient.connect("/ws/v1/offices/" + o.id() + "/display", Tokens.kiosk(o.id()));
                RawWebSocket silent = RawWebSocket.open("/ws/v1/offices/" + o.id() + "/display", Tokens.kiosk(o.id()))) {
            alive.next();
            assertThat(silent.readUntilClose()).isEqualTo(LiveSockets.HEARTBEAT_TIMEOUT);
            alive.assertQuiet(Duration.ofSeconds(1));
            emit(Streams.display(o.id()), "test.ping", Map.of());
            assertThat(alive.next().getString("type")).isEqualTo("test.ping"); // a client that answers pings stays
        }
    }

    @Test
    void shouldAcceptTheTokenAsASubprotocolForBrowsers() {
        var o = TestData.office(TestData.agency().code());
        try (LiveClient display = LiveClient.connectLikeABrowser("/ws/v1/offices/" + o.id() + "/display", Tokens.kiosk(o.id()))) {
            assertThat(display.subprotocol()).isEqualTo("videomote.v1");
            assertThat(display.next().getString("type")).isEqualTo("snapshot");
        }
    }

    @Test
    void shouldAuthoriseEveryStreamLikeTheRestApi() {
        var agency = TestData.agency();
        var o = TestData.office(agency.code());
        var other = TestData.office(agency.code());
        UUID room = TestData.room(o.id(), "Rum 1");
        UUID otherRoom = TestData.room(other.id(), "Rum 1");
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));
        UUID colleague = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a"));

        String display = "/ws/v1/offices/" + o.id() + "/display";
        String desk = "/ws/v1/offices/" + o.id() + "/desk";
        String officerPath = "/ws/v1/officers/" + officer;
        String roomPath = "/ws/v1/rooms/" + room;
        List<Object[]> matrix = new ArrayList<>(List.of(
                new Object[] { display, Tokens.kiosk(o.id()), 101 },
                new Object[] { display, Tokens.admin(), 101 },
                new Object[] { display, Tokens.kiosk(other.id()), 403 },
                new Object[] { display, Tokens.desk(o.id()), 403 },
                new Object[] { display, null, 401 },
                new Object[] { display + "?after=abc", Tokens.kiosk(o.id()), 400 },
                new Object[] { "/ws/v1/offices/no-such-office/display", Tokens.admin(), 404 },
                new Object[] { desk, Tokens.desk(o.id()), 101 },
                new Object[] { desk, Tokens.admin(), 101 },
                new Object[] { desk, Tokens.desk(other.id()), 403 },
                new Object[] { desk, Tokens.kiosk(o.id()), 403 },
                new Object[] { desk, Tokens.officer(officer, agency.code()), 403 },
                new Object[] { desk, null, 401 },
                new Object[] { desk, "not-a-token", 401 },
                new Object[] { officerPath, Tokens.officer(officer, agency.code()), 101 },
                new Object[] { officerPath, Tokens.officer(colleague, agency.code()), 403 },
                new Object[] { officerPath, Tokens.admin(), 403 },
                new Object[] { officerPath, Tokens.desk(o.id()), 403 },
                new Object[] { officerPath, null, 401 },
                new Object[] { roomPath, Tokens.room(o.id(), room), 101 },
                new Object[] { roomPath, Tokens.room(o.id(), otherRoom), 403 },
                new Object[] { "/ws/v1/rooms/" + otherRoom, Tokens.room(o.id(), otherRoom), 403 },
                new Object[] { roomPath, Tokens.kiosk(o.id()), 403 },
                new Object[] { roomPath, null, 401 },
                new Object[] { "/ws/v1/rooms/" + UUID.randomUUID(), Tokens.room(o.id(), UUID.randomUUID()), 403 }));
        for (Object[] row : matrix) {
            assertThat(LiveClient.upgradeStatus((String) row[0], (String) row[1]))
                    .as("%s with %s", row[0], row[1] == null ? "no token" : "token")
                    .isEqualTo(row[2]);
        }
    }
}
