package se.servicekontor.videomote.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.TestClock;

/** Join tokens admit one side of one session, until they expire or the session ends, and nothing else. */
@QuarkusTest
class JoinTokenTest {

    @Inject
    Db db;

    @Inject
    VideoService video;

    @Inject
    VideoConfig config;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldAdmitEachSideWithItsOwnToken() {
        VideoFixtures f = VideoFixtures.create();
        UUID session = f.open(db, video).sessionId();
        try (LiveClient room = LiveClient.open(VideoFixtures.signaling(session, f.roomView().getString("roomJoin.token")));
                LiveClient officer = LiveClient.open(
                        VideoFixtures.signaling(session, f.officerView().getString("officerJoin.token")))) {
            assertThat(room.next().getString("side")).isEqualTo("room");
            assertThat(officer.next().getString("side")).isEqualTo("officer");
        }
    }

    @Test
    void shouldRefuseAConnectionWithoutAValidToken() {
        VideoFixtures f = VideoFixtures.create();
        UUID session = f.open(db, video).sessionId();
        assertThat(LiveClient.upgradeStatus("/ws/v1/video/" + session, null)).isEqualTo(401);
        assertThat(LiveClient.upgradeStatus("/ws/v1/video/" + session + "?token=", null)).isEqualTo(401);
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(session, "not-a-token"), null)).isEqualTo(401);
        // A bearer token of the right room is not a join token.
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(session, f.roomToken()), null)).isEqualTo(401);
    }

    @Test
    void shouldRefuseATokenOfAnotherSession() {
        VideoFixtures a = VideoFixtures.create();
        VideoFixtures b = VideoFixtures.create();
        a.open(db, video);
        UUID sessionB = b.open(db, video).sessionId();
        String roomTokenOfA = a.roomView().getString("roomJoin.token");
        String officerTokenOfA = a.officerView().getString("officerJoin.token");
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(sessionB, roomTokenOfA), null)).isEqualTo(401);
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(sessionB, officerTokenOfA), null)).isEqualTo(401);
    }

    @Test
    void shouldRefuseATokenWhoseSideWasChanged() {
        VideoFixtures f = VideoFixtures.create();
        UUID session = f.open(db, video).sessionId();
        String roomToken = f.roomView().getString("roomJoin.token");
        String[] parts = roomToken.split("\\.");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertThat(claims.getString("side")).isEqualTo("room");
        assertThat(claims.getString("sub")).isEqualTo(session.toString());
        claims.put("side", "officer");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(session, forged), null)).isEqualTo(401);
        String unsigned = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(session, unsigned), null)).isEqualTo(401);

        // The genuine token still admits exactly its own side.
        try (LiveClient room = LiveClient.open(VideoFixtures.signaling(session, roomToken))) {
            assertThat(room.next().getString("side")).isEqualTo("room");
        }
    }

    @Test
    void shouldRefuseAnExpiredTokenAndAdmitAFreshOne() {
        VideoFixtures f = VideoFixtures.create();
        UUID session = f.open(db, video).sessionId();
        String stale = f.roomView().getString("roomJoin.token");
        clock.advance(config.joinTokenTtl().plus(Duration.ofSeconds(30)));
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(session, stale), null)).isEqualTo(401);
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(session, f.roomView().getString("roomJoin.token")), null))
                .isEqualTo(101);
    }

    @Test
    void shouldRefuseEveryTokenOnceTheSessionHasEnded() {
        VideoFixtures f = VideoFixtures.create();
        UUID session = f.open(db, video).sessionId();
        String room = f.roomView().getString("roomJoin.token");
        String officer = f.officerView().getString("officerJoin.token");
        f.end(db, video, "NO_SHOW");
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(session, room), null)).isEqualTo(410);
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(session, officer), null)).isEqualTo(410);

        // The visit called again: the old tokens are useless for the new session too.
        UUID next = f.open(db, video).sessionId();
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(next, room), null)).isEqualTo(401);
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(next, officer), null)).isEqualTo(401);
    }

    @Test
    void shouldRefuseUnknownSessionsAndSessionsOfAnotherProvider() {
        VideoFixtures f = VideoFixtures.create();
        UUID jitsi = f.open(db, video, ProviderKind.JITSI).sessionId();
        String token = f.roomView().getString("roomJoin.token");
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(jitsi, token), null)).isEqualTo(404);
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling(UUID.randomUUID(), token), null)).isEqualTo(404);
        assertThat(LiveClient.upgradeStatus(VideoFixtures.signaling("not-a-session", token), null)).isEqualTo(404);
    }
}
