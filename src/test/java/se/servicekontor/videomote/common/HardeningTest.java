package se.servicekontor.videomote.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/** What an outsider tried against the service (issue 12, "found when attacked"), each answered and logged sanely. */
@QuarkusTest
class HardeningTest {

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("").removeHandler(capture);
    }

    private List<String> lines() {
        return logged.stream().map(r -> {
            String message = r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
            return r.getLevel() + " " + message + (r.getThrown() == null ? "" : " THROWN " + r.getThrown());
        }).toList();
    }

    @Test
    void shouldRefuseAWebSocketUpgradeWithAnInvalidTokenWithoutAStackTraceAndLogAtMostOneLine() {
        var o = TestData.office(TestData.agency().code());
        String desk = "/ws/v1/offices/" + o.id() + "/desk";
        for (int i = 0; i < 20; i++) {
            assertThat(LiveClient.upgradeStatus(desk, "not-a-token")).isEqualTo(401);
        }
        // What the console shows; the blocked-thread checker's warnings are about this shared machine, not the request.
        List<LogRecord> shown = logged.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .filter(r -> !"io.vertx.core.impl.BlockedThreadChecker".equals(r.getLoggerName())).toList();
        assertThat(shown).as("log lines at INFO and above: %s", lines()).noneMatch(r -> r.getThrown() != null);
        assertThat(shown).as("log lines at INFO and above: %s", lines())
                .noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
        List<String> refusals = lines().stream().filter(l -> l.contains(desk) && !l.startsWith("DEBUG")).toList();
        assertThat(refusals).hasSizeLessThanOrEqualTo(1);
        assertThat(refusals).allMatch(l -> l.length() < 300);
    }

    @Test
    void shouldRefuseNulInAJsonTextFieldNamingTheFieldAndCreateNothing() {
        var agency = TestData.agency();
        var o = TestData.office(agency.code());
        given().auth().oauth2(Tokens.kiosk(o.id())).contentType(ContentType.JSON)
                .body("{\"agency\":\"" + agency.code() + "\",\"service\":\"svc-a\",\"visitorName\":\"Eva\\u0000Berg\"}")
                .post("/api/v1/offices/" + o.id() + "/visits")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", hasItem("visitorName"))
                .body("errors.message", hasItem("must not contain control characters"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"date\":\"2030-01-02\",\"reason\":\"Stängt\\u0000\"}")
                .post("/api/v1/offices/" + o.id() + "/closures")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("reason"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/" + o.id() + "/closures")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldRefuseControlCharactersInPathAndQueryWithoutForgingALogLine() {
        given().auth().oauth2(Tokens.admin()).urlEncodingEnabled(false).get("/api/v1/agencies/%00%0Aforged")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("code"));
        given().auth().oauth2(Tokens.admin()).urlEncodingEnabled(false).get("/api/v1/offices/x%00y/closures")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("officeId"));
        var o = TestData.office(TestData.agency().code());
        given().auth().oauth2(Tokens.admin()).urlEncodingEnabled(false)
                .get("/api/v1/bookings?office=" + o.id() + "&date=2030-01-01%00")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("date"));
        assertThat(lines()).noneMatch(l -> l.contains("\nforged") || l.contains("\u0000"));
    }

    @Test
    void shouldEscapeWhatARequestPutsIntoALogLine() {
        assertThat(Text.forLog("/api/v1/agencies/\u0000\nforged")).isEqualTo("/api/v1/agencies/\\u0000\\u000aforged");
        assertThat(Text.forLog("a".repeat(500))).hasSize(Text.LOG_LIMIT + 3);
    }

    @Test
    void shouldRefuseDatesOutsideTheSaneRange() {
        var o = TestData.mobileOffice(TestData.agency().code());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", "+999999999-12-31", "reason", "Forever"))
                .post("/api/v1/offices/" + o.id() + "/closures")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("date"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", "+999999999-12-31", "place", "Torget", "opens", "09:00", "closes", "12:00"))
                .post("/api/v1/offices/" + o.id() + "/stops")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("date"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", "1899-12-31", "reason", "Long ago"))
                .post("/api/v1/offices/" + o.id() + "/closures")
                .then().statusCode(400).body("errors[0].field", equalTo("date"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/" + o.id() + "/closures")
                .then().statusCode(200).body("size()", equalTo(0));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/" + o.id() + "/stops")
                .then().statusCode(200).body("size()", equalTo(0));
        // A date no office can be closed on, in a path: nothing to remove, never a database error.
        given().auth().oauth2(Tokens.admin()).urlEncodingEnabled(false)
                .delete("/api/v1/offices/" + o.id() + "/closures/+999999999-12-31")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/offices/" + o.id() + "/closures/2999-01-01")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void shouldAnswerAnOversizedBodyWithProblemJson() {
        var o = TestData.office(TestData.agency().code());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"date\":\"2030-01-02\",\"reason\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .post("/api/v1/offices/" + o.id() + "/closures")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE).body("status", equalTo(413));
    }

    @Test
    void shouldAnswerAnOverlongRequestLineAndOversizedHeadersWithProblemJson() {
        String admin = Tokens.admin();
        // Just under the limits: answered as usual.
        given().auth().oauth2(admin).queryParam("q", "x".repeat(3_900)).get("/api/v1/agencies").then().statusCode(200);
        given().auth().oauth2(admin).header("X-Padding", "x".repeat(18 * 1024)).get("/api/v1/agencies")
                .then().statusCode(200);

        given().auth().oauth2(admin).queryParam("q", "x".repeat(5_000)).get("/api/v1/agencies")
                .then().statusCode(414).contentType(Problem.MEDIA_TYPE).body("status", equalTo(414))
                .body("type", endsWith("uri-too-long"));
        given().auth().oauth2(admin).header("X-Padding", "x".repeat(30 * 1024)).get("/api/v1/agencies")
                .then().statusCode(431).contentType(Problem.MEDIA_TYPE).body("status", equalTo(431));
        // A WebSocket upgrade goes through the same check before any token is looked at.
        given().header("X-Padding", "x".repeat(30 * 1024)).header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .get("/ws/v1/offices/any/display").then().statusCode(431).contentType(Problem.MEDIA_TYPE);
        // Far beyond, the HTTP codec refuses by itself (its limits are above ours; the body is empty there).
        given().auth().oauth2(admin).queryParam("q", "x".repeat(70_000)).get("/api/v1/agencies")
                .then().statusCode(414);
    }

    @Test
    void shouldRefuseATokenForAnotherAudience() {
        String other = Jwt.issuer("https://videomote.test").audience("another-service").subject("a").groups("admin")
                .expiresIn(Duration.ofHours(1)).sign();
        given().auth().oauth2(other).get("/api/v1/agencies").then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2(Tokens.admin()).get("/api/v1/agencies").then().statusCode(200);
    }

    @Test
    void shouldRefuseATokenThatLivesLongerThanTheMaximum() {
        long now = Instant.now().getEpochSecond();
        String tenYears = Jwt.issuer("https://videomote.test").audience("videomote").subject("a").groups("admin")
                .issuedAt(now).expiresAt(now + Duration.ofDays(3650).toSeconds()).sign();
        String thirteenHours = Jwt.issuer("https://videomote.test").audience("videomote").subject("a").groups("admin")
                .issuedAt(now).expiresAt(now + Duration.ofHours(13).toSeconds()).sign();
        String twelveHours = Jwt.issuer("https://videomote.test").audience("videomote").subject("a").groups("admin")
                .issuedAt(now).expiresAt(now + Duration.ofHours(12).toSeconds()).sign();
        given().auth().oauth2(tenYears).get("/api/v1/agencies").then().statusCode(401);
        given().auth().oauth2(thirteenHours).get("/api/v1/agencies").then().statusCode(401);
        given().auth().oauth2(twelveHours).get("/api/v1/agencies").then().statusCode(200);
    }
}
