package se.servicekontor.videomote.agencies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class OfficerResourceTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static OffsetDateTime tomorrowAt(int hour) {
        return OffsetDateTime.now(STOCKHOLM).plusDays(1).truncatedTo(ChronoUnit.DAYS).withHour(hour);
    }

    /** RFC 3339 as the API writes it, seconds included. */
    private static String rfc3339(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    @Test
    void shouldCreateOfficerAndListByAgency() {
        var a = TestData.agency();
        var b = TestData.agency();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("agency", a.code(), "name", "Karin Lund", "languages", List.of("sv", "en", "ar"),
                        "services", List.of("svc-a")))
                .post("/api/v1/officers")
                .then().statusCode(201)
                .body("agency", equalTo(a.code()))
                .body("languages", contains("ar", "en", "sv"))
                .body("services", contains("svc-a"))
                .body("presence", equalTo("OFFLINE"));
        UUID other = TestData.officer(b.code(), List.of("sv"), List.of("svc-b"));

        given().auth().oauth2(Tokens.admin()).queryParam("agency", a.code()).get("/api/v1/officers")
                .then().statusCode(200).body("$", hasSize(1)).body("name", contains("Karin Lund"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/officers")
                .then().statusCode(200).body("id", hasItem(other.toString()));
    }

    @Test
    void shouldShowOfficersOnlyTheirOwnAgency() {
        var a = TestData.agency();
        var b = TestData.agency();
        UUID me = TestData.officer(a.code(), List.of("sv"), List.of("svc-a"));
        UUID stranger = TestData.officer(b.code(), List.of("sv"), List.of("svc-a"));
        String token = Tokens.officer(me, a.code());
        given().auth().oauth2(token).get("/api/v1/officers")
                .then().statusCode(200).body("agency", everyItem(equalTo(a.code()))).body("id", hasItem(me.toString()))
                .body("id", not(hasItem(stranger.toString())));
        given().auth().oauth2(token).queryParam("agency", b.code()).get("/api/v1/officers").then().statusCode(404);
        given().auth().oauth2(token).get("/api/v1/officers/" + stranger).then().statusCode(404);
        given().auth().oauth2(token).get("/api/v1/officers/" + me).then().statusCode(200);
        given().auth().oauth2(Tokens.desk("x")).get("/api/v1/officers").then().statusCode(403);
        given().auth().oauth2(Tokens.kiosk("x")).get("/api/v1/officers").then().statusCode(403);
    }

    @Test
    void shouldRejectInvalidOfficersAndChangeNothing() {
        var a = TestData.agency();
        long before = Sql.count("SELECT count(*) FROM case_officer");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("agency", "no-such-agency", "name", "X", "languages", List.of("sv"), "services", List.of()))
                .post("/api/v1/officers").then().statusCode(400).body("errors.field", contains("agency"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("agency", a.code(), "name", "X", "languages", List.of("Swedish"), "services", List.of("nope")))
                .post("/api/v1/officers").then().statusCode(400).body("errors.field", hasItem("languages[0]"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("agency", a.code(), "name", "X", "languages", List.of("sv"), "services", List.of("svc-a", "nope")))
                .post("/api/v1/officers").then().statusCode(400).body("errors.field", contains("services[1]"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("languages", List.of()))
                .post("/api/v1/officers").then().statusCode(400).body("errors.field", hasItems("agency", "name", "languages", "services"));
        given().auth().oauth2(Tokens.desk("o")).contentType(ContentType.JSON)
                .body(Map.of("agency", a.code(), "name", "X", "languages", List.of("sv"), "services", List.of()))
                .post("/api/v1/officers").then().statusCode(403);
        assertThat(Sql.count("SELECT count(*) FROM case_officer")).isEqualTo(before);
    }

    @Test
    void shouldLetOfficerSetOwnPresenceAndRaiseEvent() {
        var a = TestData.agency();
        UUID me = TestData.officer(a.code(), List.of("sv"), List.of("svc-a"));
        UUID colleague = TestData.officer(a.code(), List.of("sv"), List.of("svc-a"));
        given().auth().oauth2(Tokens.officer(me, a.code())).contentType(ContentType.JSON).body(Map.of("presence", "AVAILABLE"))
                .put("/api/v1/officers/" + me + "/presence")
                .then().statusCode(200).body("presence", equalTo("AVAILABLE"));
        assertThat(Sql.value("SELECT presence FROM case_officer WHERE id = ?", me)).isEqualTo("AVAILABLE");
        assertThat(Sql.rows("SELECT type, data->>'presence' AS p FROM live_message WHERE stream = ?", "officer:" + me))
                .containsExactly(Map.of("type", "officer.presence", "p", "AVAILABLE"));

        given().auth().oauth2(Tokens.officer(me, a.code())).contentType(ContentType.JSON).body(Map.of("presence", "AWAY"))
                .put("/api/v1/officers/" + colleague + "/presence").then().statusCode(403);
        given().auth().oauth2(Tokens.officer(me, a.code())).contentType(ContentType.JSON).body(Map.of("presence", "BUSY"))
                .put("/api/v1/officers/" + me + "/presence").then().statusCode(409);
        given().auth().oauth2(Tokens.officer(me, a.code())).contentType(ContentType.JSON).body(Map.of("presence", "ASLEEP"))
                .put("/api/v1/officers/" + me + "/presence").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("presence", "OFFLINE"))
                .put("/api/v1/officers/" + UUID.randomUUID() + "/presence").then().statusCode(404);

        Sql.update("UPDATE case_officer SET presence = 'BUSY' WHERE id = ?", me);
        given().auth().oauth2(Tokens.officer(me, a.code())).contentType(ContentType.JSON).body(Map.of("presence", "OFFLINE"))
                .put("/api/v1/officers/" + me + "/presence").then().statusCode(409);
        assertThat(Sql.value("SELECT presence FROM case_officer WHERE id = ?", me)).isEqualTo("BUSY");
    }

    @Test
    void shouldAddNonOverlappingShifts() {
        var a = TestData.agency();
        UUID me = TestData.officer(a.code(), List.of("sv"), List.of("svc-a"));
        String token = Tokens.officer(me, a.code());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("start", tomorrowAt(8).toString(), "end", tomorrowAt(12).toString()))
                .post("/api/v1/officers/" + me + "/shifts")
                .then().statusCode(201).body("start", equalTo(rfc3339(tomorrowAt(8))));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", tomorrowAt(11).toString(), "end", tomorrowAt(15).toString()))
                .post("/api/v1/officers/" + me + "/shifts").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("start", tomorrowAt(12).toString(), "end", tomorrowAt(16).toString()))
                .post("/api/v1/officers/" + me + "/shifts").then().statusCode(201);
        given().auth().oauth2(token).get("/api/v1/officers/" + me + "/shifts")
                .then().statusCode(200).body("$", hasSize(2)).body("start", contains(rfc3339(tomorrowAt(8)), rfc3339(tomorrowAt(12))));
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id = ?", me)).isEqualTo(2);
    }

    @Test
    void shouldRejectInvalidShiftsAndOtherOfficers() {
        var a = TestData.agency();
        UUID me = TestData.officer(a.code(), List.of("sv"), List.of("svc-a"));
        UUID colleague = TestData.officer(a.code(), List.of("sv"), List.of("svc-a"));
        String token = Tokens.officer(me, a.code());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("start", tomorrowAt(12).toString(), "end", tomorrowAt(8).toString()))
                .post("/api/v1/officers/" + me + "/shifts").then().statusCode(400).body("errors.field", hasItem("end"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("start", tomorrowAt(0).toString(), "end", tomorrowAt(0).plusHours(25).toString()))
                .post("/api/v1/officers/" + me + "/shifts").then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("start", "2001-01-01T08:00:00+01:00", "end", "2001-01-01T12:00:00+01:00"))
                .post("/api/v1/officers/" + me + "/shifts").then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("start", "tomorrow", "end", "later"))
                .post("/api/v1/officers/" + me + "/shifts").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.oneOf("start", "end"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("start", tomorrowAt(8).toString(), "end", tomorrowAt(12).toString()))
                .post("/api/v1/officers/" + colleague + "/shifts").then().statusCode(403);
        given().auth().oauth2(token).get("/api/v1/officers/" + colleague + "/shifts").then().statusCode(403);
        given().auth().oauth2(Tokens.desk("o")).get("/api/v1/officers/" + me + "/shifts").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", tomorrowAt(8).toString(), "end", tomorrowAt(12).toString()))
                .post("/api/v1/officers/" + UUID.randomUUID() + "/shifts").then().statusCode(404);
        assertThat(Sql.count("SELECT count(*) FROM officer_shift WHERE officer_id IN (?, ?)", me, colleague)).isZero();
    }
}
