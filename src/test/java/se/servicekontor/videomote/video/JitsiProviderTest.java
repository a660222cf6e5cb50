package se.servicekontor.videomote.video;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.inject.Inject;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import se.servicekontor.videomote.common.Db;

/** The Jitsi provider: a room per session, and a JWT per side that prosody's token authentication accepts. */
@QuarkusTest
class JitsiProviderTest {

    private static final String SECRET = "test-jitsi-secret-of-at-least-32-bytes";

    @Inject
    Db db;

    @Inject
    VideoService video;

    /** Verifies like prosody does: HS256 with the shared secret, issuer, audience, subject, expiry. */
    private static JwtClaims verify(String token, String secret) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .setVerificationKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)))
                .setRelaxVerificationKeyValidation()
                .setExpectedIssuer("videomote-test")
                .setExpectedAudience("jitsi")
                .setExpectedSubject("meet.test.invalid")
                .setRequireExpirationTime()
                .setRequireNotBefore()
                .build().processToClaims(token);
    }

    @Test
    void shouldSignAJitsiJwtPerSideForTheSessionsOwnRoom() throws Exception {
        VideoFixtures f = VideoFixtures.create();
        VideoSessionView opened = f.open(db, video, ProviderKind.JITSI);
        assertThat(opened.provider()).isEqualTo("JITSI");
        String roomName = "videomote-" + opened.sessionId().toString().replace("-", "");
        String url = "https://meet.test.invalid/" + roomName;

        JsonPath officer = f.officerView();
        assertThat(officer.getString("provider")).isEqualTo("JITSI");
        assertThat(officer.getString("officerJoin.url")).isEqualTo(url);
        assertThat(officer.getString("roomJoin.url")).isEqualTo(url);
        assertThat(officer.getMap("roomJoin")).containsOnlyKeys("url");
        assertThat(officer.getList("iceServers")).isNull();
        JwtClaims officerClaims = verify(officer.getString("officerJoin.token"), SECRET);
        assertThat(officerClaims.getStringClaimValue("room")).isEqualTo(roomName);
        long expiresAt = OffsetDateTime.parse(officer.getString("expiresAt")).toEpochSecond();
        assertThat(officerClaims.getExpirationTime().getValue()).isEqualTo(expiresAt);
        assertThat(officerClaims.getNotBefore().getValue()).isLessThanOrEqualTo(Instant.now().getEpochSecond());
        @SuppressWarnings("unchecked")
        Map<String, Object> officerUser = (Map<String, Object>) ((Map<String, Object>) officerClaims.getClaimValue("context")).get("user");
        assertThat(officerUser).containsEntry("id", f.officer().toString()).containsEntry("moderator", true)
                .containsEntry("affiliation", "owner").containsEntry("name", "Handläggare");

        JsonPath room = f.roomView();
        assertThat(room.getString("roomJoin.url")).isEqualTo(url);
        assertThat(room.getMap("officerJoin")).containsOnlyKeys("url");
        JwtClaims roomClaims = verify(room.getString("roomJoin.token"), SECRET);
        assertThat(roomClaims.getStringClaimValue("room")).isEqualTo(roomName);
        @SuppressWarnings("unchecked")
        Map<String, Object> roomUser = (Map<String, Object>) ((Map<String, Object>) roomClaims.getClaimValue("context")).get("user");
        assertThat(roomUser).containsEntry("id", f.room().toString()).containsEntry("moderator", false)
                .containsEntry("affiliation", "member").containsEntry("name", "Besöksrum");
    }

    @Test
    void shouldSignSoThatOnlyTheSharedSecretVerifies() {
        VideoFixtures f = VideoFixtures.create();
        f.open(db, video, ProviderKind.JITSI);
        String token = f.officerView().getString("officerJoin.token");
        assertThatThrownBy(() -> verify(token, "another-secret-of-at-least-32-bytes!!")).isInstanceOf(InvalidJwtException.class);
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "xx." + parts[2];
        assertThatThrownBy(() -> verify(tampered, SECRET)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void shouldGiveEachSessionItsOwnJitsiRoom() throws Exception {
        VideoFixtures a = VideoFixtures.create();
        VideoFixtures b = VideoFixtures.create();
        a.open(db, video, ProviderKind.JITSI);
        b.open(db, video, ProviderKind.JITSI);
        String roomA = verify(a.officerView().getString("officerJoin.token"), SECRET).getStringClaimValue("room");
        String roomB = verify(b.officerView().getString("officerJoin.token"), SECRET).getStringClaimValue("room");
        assertThat(roomA).isNotEqualTo(roomB);
        // A desk sees its office's session with the room's token only.
        JsonPath desk = given().auth().oauth2(a.deskToken()).get("/api/v1/visits/" + a.visit() + "/video").then()
                .statusCode(200).extract().jsonPath();
        assertThat(verify(desk.getString("roomJoin.token"), SECRET).getStringClaimValue("room")).isEqualTo(roomA);
        assertThat(desk.getMap("officerJoin")).containsOnlyKeys("url");
    }
}
