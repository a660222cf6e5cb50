package se.servicekontor.videomote.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.RawWebSocket;
import se.servicekontor.videomote.testing.Sql;

/** The built-in provider's signaling relay over real WebSockets. */
@QuarkusTest
class SignalingRelayTest {

    private static final Duration QUIET = Duration.ofMillis(500);

    @Inject
    Db db;

    @Inject
    VideoService video;

    @Inject
    SignalingRelay relay;

    /** A called visit with its session open, and both sides' signaling paths. */
    private record Call(VideoFixtures fixtures, UUID session, String roomPath, String officerPath) {
    }

    private Call call() {
        VideoFixtures f = VideoFixtures.create();
        UUID session = f.open(db, video).sessionId();
        return new Call(f, session, VideoFixtures.signaling(session, f.roomView().getString("roomJoin.token")),
                VideoFixtures.signaling(session, f.officerView().getString("officerJoin.token")));
    }

    /** Both sides connected, greeted, and the officer told of the room. */
    private record Connected(LiveClient officer, LiveClient room) implements AutoCloseable {

        @Override
        public void close() {
            officer.close();
            room.close();
        }
    }

    private static Connected connected(Call c) {
        LiveClient officer = LiveClient.open(c.officerPath());
        assertThat(officer.next().getString("type")).isEqualTo("welcome");
        LiveClient room = LiveClient.open(c.roomPath());
        assertThat(room.next().getString("type")).isEqualTo("welcome");
        assertThat(officer.nextOfType("peer-joined").getString("from")).isEqualTo("room");
        return new Connected(officer, room);
    }

    /** Sends candidates {@code first}, {@code first + 1}, ... until {@code count} are sent or the server has closed. */
    private static void sendCandidatesWhileOpen(LiveClient peer, int first, int count) {
        int sent = 0;
        while (sent < count && peer.sendWhileOpen(candidate(first + sent))) {
            sent++;
        }
    }

    private static JsonObject candidate(int n) {
        return new JsonObject().put("type", "candidate").put("candidate", new JsonObject()
                .put("candidate", "candidate:" + n + " 1 udp 2122260223 192.0.2.10 5" + (1000 + n) + " typ host")
                .put("sdpMid", "0").put("sdpMLineIndex", 0).put("usernameFragment", "abcd"));
    }

    @Test
    void shouldRelayTheOfficersOfferToTheRoomAndTheAnswerAndCandidatesBack() {
        Call c = call();
        try (LiveClient officer = LiveClient.open(c.officerPath())) {
            JsonObject officerWelcome = officer.next();
            assertThat(officerWelcome.getString("type")).isEqualTo("welcome");
            assertThat(officerWelcome.getString("side")).isEqualTo("officer");
            assertThat(officerWelcome.getValue("peer")).isNull();
            String officerId = officerWelcome.getString("you");
            try (LiveClient room = LiveClient.open(c.roomPath())) {
                JsonObject roomWelcome = room.next();
                assertThat(roomWelcome.getString("side")).isEqualTo("room");
                assertThat(roomWelcome.getString("peer")).isEqualTo(officerId);
                String roomId = roomWelcome.getString("you");
                JsonObject joined = officer.next();
                assertThat(joined.getString("type")).isEqualTo("peer-joined");
                assertThat(joined.getString("peer")).isEqualTo(roomId);

                officer.send(new JsonObject().put("type", "offer").put("sdp", "v=0 offer").put("smuggled", "x"));
                JsonObject offer = room.next();
                assertThat(offer.fieldNames()).containsExactlyInAnyOrder("type", "from", "peer", "sdp");
                assertThat(offer.getString("type")).isEqualTo("offer");
                assertThat(offer.getString("from")).isEqualTo("officer");
                assertThat(offer.getString("peer")).isEqualTo(officerId);
                assertThat(offer.getString("sdp")).isEqualTo("v=0 offer");

                room.send(new JsonObject().put("type", "answer").put("sdp", "v=0 answer"));
                for (int i = 1; i <= 3; i++) {
                    room.send(candidate(i));
                }
                room.send(new JsonObject().put("type", "candidate").putNull("candidate"));
                JsonObject answer = officer.next();
                assertThat(answer.getString("type")).isEqualTo("answer");
                assertThat(answer.getString("from")).isEqualTo("room");
                assertThat(answer.getString("sdp")).isEqualTo("v=0 answer");
                for (int i = 1; i <= 3; i++) {
                    JsonObject cand = officer.next();
                    assertThat(cand.getString("type")).isEqualTo("candidate");
                    assertThat(cand.getJsonObject("candidate")).isEqualTo(candidate(i).getJsonObject("candidate"));
                }
                JsonObject done = officer.next();
                assertThat(done.getString("type")).isEqualTo("candidate");
                assertThat(done.getValue("candidate")).isNull();

                officer.send(candidate(9));
                assertThat(room.next().getJsonObject("candidate").getString("candidate")).startsWith("candidate:9 ");
                // Nobody hears their own messages.
                officer.assertQuiet(QUIET);
                room.assertQuiet(QUIET);
            }
            JsonObject left = officer.next();
            assertThat(left.getString("type")).isEqualTo("peer-left");
            assertThat(left.getString("from")).isEqualTo("room");
        }
    }

    @Test
    void shouldRefuseAThirdClientOnAnyInstanceButLetASideReconnectAfterLeaving() {
        Call c = call();
        try (Connected peers = connected(c)) {
            LiveClient officer = peers.officer();
            assertThat(LiveClient.upgradeStatus(c.roomPath(), null)).isEqualTo(409);
            assertThat(LiveClient.upgradeStatus(c.officerPath(), null)).isEqualTo(409);
            assertThat(Sql.count("SELECT count(*) FROM video_peer WHERE session_id = ?", c.session())).isEqualTo(2);

            peers.room().close();
            assertThat(officer.nextOfType("peer-left").getString("from")).isEqualTo("room");
            try (LiveClient again = LiveClient.open(c.roomPath())) {
                JsonObject welcome = again.next();
                assertThat(welcome.getString("side")).isEqualTo("room");
                assertThat(officer.nextOfType("peer-joined").getString("peer")).isEqualTo(welcome.getString("you"));
            }
        }
    }

    @Test
    void shouldLetANewConnectionTakeOverASideWhoseInstanceStoppedRenewingItsLease() {
        Call c = call();
        Sql.update("INSERT INTO video_peer (session_id, side, holder, seen_at) VALUES (?, 'ROOM', ?, now())",
                c.session(), UUID.randomUUID());
        assertThat(LiveClient.upgradeStatus(c.roomPath(), null)).isEqualTo(409);
        Sql.update("UPDATE video_peer SET seen_at = now() - interval '1 minute' WHERE session_id = ?", c.session());
        try (LiveClient room = LiveClient.open(c.roomPath())) {
            assertThat(room.next().getString("type")).isEqualTo("welcome");
        }
    }

    @Test
    void shouldSendByeAndDisconnectBothSidesWhenTheSessionEnds() {
        Call c = call();
        try (Connected peers = connected(c)) {
            LiveClient officer = peers.officer();
            LiveClient room = peers.room();
            c.fixtures().end(db, video, "COMPLETED");
            for (LiveClient side : List.of(officer, room)) {
                JsonObject bye = side.next();
                assertThat(bye.getString("type")).isEqualTo("bye");
                assertThat(bye.getString("from")).isEqualTo("server");
                assertThat(bye.getString("reason")).isEqualTo("COMPLETED");
                assertThat(side.closeCode(VideoFixtures.WAIT)).isEqualTo((short) SignalingRelay.SESSION_ENDED);
            }
        }
        assertThat(LiveClient.upgradeStatus(c.roomPath(), null)).isEqualTo(410);
        await().atMost(VideoFixtures.WAIT)
                .until(() -> Sql.count("SELECT count(*) FROM video_peer WHERE session_id = ?", c.session()) == 0);
    }

    @Test
    void shouldRelayNothingAfterTheByeEvenWhileAPeerKeepsSending() {
        Call c = call();
        try (Connected peers = connected(c)) {
            LiveClient officer = peers.officer();
            LiveClient room = peers.room();
            // keeps sending until the server closes the socket as the session ends
            Thread sender = new Thread(() -> sendCandidatesWhileOpen(room, 0, 40));
            sender.start();
            c.fixtures().end(db, video, "REQUEUED");
            JsonObject last;
            do {
                last = officer.next();
            } while (!"bye".equals(last.getString("type")));
            assertThat(last.getString("from")).isEqualTo("server");
            assertThat(officer.closeCode(VideoFixtures.WAIT)).isEqualTo((short) SignalingRelay.SESSION_ENDED);
            await().atMost(VideoFixtures.WAIT).until(() -> !sender.isAlive());
        }
        String inbox = VideoEvents.inbox(c.session(), Side.OFFICER);
        assertThat(Sql.value("SELECT type FROM live_message WHERE stream = ? ORDER BY seq DESC LIMIT 1", inbox))
                .isEqualTo(VideoEvents.END);
    }

    @Test
    void shouldCloseAPeerThatSendsAMessageOverTheSizeLimit() {
        Call c = call();
        try (Connected peers = connected(c)) {
            LiveClient officer = peers.officer();
            LiveClient room = peers.room();
            officer.send(new JsonObject().put("type", "offer").put("sdp", "a".repeat(40_000)));
            assertThat(officer.closeCode(VideoFixtures.WAIT)).isEqualTo((short) SignalingRelay.TOO_BIG);
            assertThat(room.nextOfType("peer-left").getString("from")).isEqualTo("officer");
        }
    }

    @Test
    void shouldCloseWith1009AMessageLargerThanAWebSocketFrame() {
        Call c = call();
        try (Connected peers = connected(c)) {
            LiveClient officer = peers.officer();
            officer.send(new JsonObject().put("type", "offer").put("sdp", "a".repeat(200_000)));
            assertThat(officer.closeCode(VideoFixtures.WAIT)).isEqualTo((short) SignalingRelay.TOO_BIG);
        }
    }

    @Test
    void shouldKeepTheRateLimitOfASideAcrossReconnects() {
        Call c = call();
        try (Connected peers = connected(c)) {
            LiveClient room = peers.room();
            for (int i = 0; i < 45; i++) {
                peers.officer().send(candidate(i));
            }
            for (int i = 0; i < 45; i++) { // relayed, so taken from the officer's bucket
                assertThat(room.nextOfType("candidate").getJsonObject("candidate").getString("candidate"))
                        .startsWith("candidate:" + i + " ");
            }
            peers.officer().close();
            assertThat(room.nextOfType("peer-left").getString("from")).isEqualTo("officer");
            try (LiveClient again = LiveClient.open(c.officerPath())) {
                assertThat(again.next().getString("type")).isEqualTo("welcome");
                // A fresh bucket would take all of these (the burst is 50); the one kept across the reconnect cannot.
                sendCandidatesWhileOpen(again, 100, 49);
                assertThat(again.closeCode(VideoFixtures.WAIT)).isEqualTo((short) SignalingRelay.RATE_LIMITED);
            }
        }
    }

    @Test
    void shouldCloseAPeerThatSendsFasterThanTheRateLimit() {
        Call c = call();
        try (Connected peers = connected(c)) {
            LiveClient officer = peers.officer();
            LiveClient room = peers.room();
            sendCandidatesWhileOpen(officer, 0, 80);
            assertThat(officer.closeCode(VideoFixtures.WAIT)).isEqualTo((short) SignalingRelay.RATE_LIMITED);
            List<JsonObject> relayed = new ArrayList<>();
            JsonObject m;
            while (!"peer-left".equals((m = room.next()).getString("type"))) {
                relayed.add(m);
            }
            // The burst went through in order; what came after it did not.
            assertThat(relayed.size()).isBetween(50, 55);
            for (int i = 0; i < relayed.size(); i++) {
                assertThat(relayed.get(i).getJsonObject("candidate").getString("candidate")).startsWith("candidate:" + i + " ");
            }
        }
    }

    @Test
    void shouldAnswerAnInvalidMessageWithAnErrorAndRelayNothing() {
        Call c = call();
        try (Connected peers = connected(c)) {
            LiveClient officer = peers.officer();
            LiveClient room = peers.room();
            for (String bad : List.of("not json", "[1,2]", "{\"type\":\"shout\",\"text\":\"hello\"}",
                    "{\"type\":\"offer\"}", "{\"type\":\"candidate\",\"candidate\":{\"sdpMid\":0}}")) {
                officer.send(bad);
                JsonObject error = officer.next();
                assertThat(error.getString("type")).isEqualTo("error");
                assertThat(error.getString("error")).isEqualTo("invalid-message");
            }
            room.assertQuiet(QUIET);
            officer.send(new JsonObject().put("type", "bye"));
            JsonObject bye = room.next();
            assertThat(bye.getString("type")).isEqualTo("bye");
            assertThat(bye.getString("from")).isEqualTo("officer");
        }
    }

    @Test
    void shouldCloseAPeerThatStopsAnsweringPingsAndFreeItsSide() throws Exception {
        Call c = call();
        try (LiveClient officer = LiveClient.open(c.officerPath());
                RawWebSocket silent = RawWebSocket.open(c.roomPath(), "unused")) {
            officer.next();
            officer.nextOfType("peer-joined");
            assertThat(silent.readUntilClose()).isEqualTo(SignalingRelay.HEARTBEAT_TIMEOUT);
            officer.nextOfType("peer-left");
            try (LiveClient room = LiveClient.open(c.roomPath())) {
                assertThat(room.next().getString("type")).isEqualTo("welcome");
                room.assertQuiet(Duration.ofSeconds(4)); // a client that answers pings stays
                assertThat(room.isClosed()).isFalse();
            }
        }
    }

    @Test
    void shouldDeleteTheRelayedSignalingOfSessionsThatEndedLongEnoughAgo() {
        Call c = call();
        try (Connected peers = connected(c)) {
            peers.officer().send(new JsonObject().put("type", "offer").put("sdp", "v=0 offer"));
            peers.room().nextOfType("offer");
        }
        c.fixtures().end(db, video, "COMPLETED");
        List<String> streams = List.of(VideoEvents.inbox(c.session(), Side.ROOM), VideoEvents.inbox(c.session(), Side.OFFICER));
        String events = "SELECT count(*) FROM live_message WHERE stream IN (?, ?)";
        assertThat(Sql.count(events, streams.get(0), streams.get(1))).isGreaterThan(2);
        video.purgeRelays().await().atMost(VideoFixtures.WAIT);
        assertThat(Sql.count(events, streams.get(0), streams.get(1))).as("kept for the retention").isGreaterThan(2);

        Sql.update("UPDATE video_session SET ended_at = ended_at - interval '1 hour' WHERE id = ?", c.session());
        video.purgeRelays().await().atMost(VideoFixtures.WAIT);
        assertThat(Sql.count(events, streams.get(0), streams.get(1))).isZero();
        assertThat(Sql.count("SELECT count(*) FROM live_stream WHERE stream IN (?, ?)", streams.get(0), streams.get(1)))
                .isZero();
        assertThat(Sql.value("SELECT relay_purged FROM video_session WHERE id = ?", c.session())).isEqualTo(true);
        assertThat(Sql.count("SELECT count(*) FROM video_session WHERE id = ?", c.session())).isEqualTo(1);
    }
}
