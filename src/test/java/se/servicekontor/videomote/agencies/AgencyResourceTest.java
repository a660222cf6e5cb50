package se.servicekontor.videomote.agencies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import se.servicekontor.videomote.security.TokenIssuer;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class AgencyResourceTest {

    private static Map<String, Object> agency(String code, String prefix) {
        return Map.of("code", code, "name", "Skatteverket test", "ticketPrefix", prefix, "services", List.of(
                Map.of("code", "folkbokforing", "name", "Folkbokföring", "durationMinutes", 20),
                Map.of("code", "id-kort", "name", "Id-kort", "durationMinutes", 15)));
    }

    private static long agencies() {
        return Sql.count("SELECT count(*) FROM agency");
    }

    @Test
    void shouldCreateAgencyAndListItForEveryRole() {
        String code = TestData.slug("skv");
        String prefix = TestData.ticketPrefix();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(agency(code, prefix))
                .post("/api/v1/agencies")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/agencies/" + code))
                .body("code", equalTo(code))
                .body("ticketPrefix", equalTo(prefix))
                .body("services.code", hasItems("folkbokforing", "id-kort"))
                .body("services.find { it.code == 'id-kort' }.durationMinutes", equalTo(15));

        for (String token : List.of(Tokens.admin(), Tokens.desk("any"), Tokens.kiosk("any"),
                Tokens.officer(UUID.randomUUID(), code), Tokens.room("any", UUID.randomUUID()))) {
            given().auth().oauth2(token).get("/api/v1/agencies")
                    .then().statusCode(200).body("code", hasItem(code));
        }
        given().auth().oauth2(Tokens.kiosk("x")).get("/api/v1/agencies/" + code)
                .then().statusCode(200).body("name", equalTo("Skatteverket test"));
    }

    @Test
    void shouldReplaceAgencyServices() {
        String code = TestData.slug("fk");
        String prefix = TestData.ticketPrefix();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(agency(code, prefix))
                .post("/api/v1/agencies").then().statusCode(201);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "name", "Renamed", "ticketPrefix", prefix, "services", List.of(
                        Map.of("code", "id-kort", "name", "Id-kort", "durationMinutes", 30),
                        Map.of("code", "pass", "name", "Pass", "durationMinutes", 20))))
                .put("/api/v1/agencies/" + code)
                .then().statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("services.code", equalTo(List.of("id-kort", "pass")))
                .body("services[0].durationMinutes", equalTo(30));
        // The service left out is retired, not deleted: bookings, visits and statistics refer to it.
        assertThat(Sql.count("SELECT count(*) FROM agency_service WHERE agency_code = ? AND retired_at IS NULL", code))
                .isEqualTo(2);
        assertThat(Sql.value("SELECT code FROM agency_service WHERE agency_code = ? AND retired_at IS NOT NULL", code))
                .isEqualTo("folkbokforing");
    }

    @Test
    void shouldRetireNotDeleteAServiceThatOfficersHandleWhenAReplacementLeavesItOut() {
        var a = TestData.agency();
        var officer = TestData.officer(a.code(), List.of("sv"), List.of("svc-a"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", a.code(), "name", "X", "ticketPrefix", a.ticketPrefix(), "services", List.of(
                        Map.of("code", "svc-b", "name", "B", "durationMinutes", 60))))
                .put("/api/v1/agencies/" + a.code())
                .then().statusCode(200).body("services.code", equalTo(List.of("svc-b")));
        assertThat(Sql.count("SELECT count(*) FROM agency_service WHERE agency_code = ?", a.code())).isEqualTo(2);
        assertThat(Sql.count("SELECT count(*) FROM case_officer_service WHERE officer_id = ?", officer)).isEqualTo(1);
    }

    @Test
    void shouldAnswerConflictForDuplicateCodeOrPrefixAndChangeNothing() {
        var existing = TestData.agency();
        long before = agencies();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(agency(existing.code(), TestData.ticketPrefix()))
                .post("/api/v1/agencies")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409)).body("title", equalTo("Conflict"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(agency(TestData.slug("other"), existing.ticketPrefix()))
                .post("/api/v1/agencies")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(agencies()).isEqualTo(before);
    }

    @Test
    void shouldExplainEveryInvalidFieldAndChangeNothing() {
        long before = agencies();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", "Not A Slug", "ticketPrefix", "m1", "services", List.of(
                        Map.of("code", "x", "name", "X", "durationMinutes", 2),
                        Map.of("code", "x", "name", "Y", "durationMinutes", 20))))
                .post("/api/v1/agencies")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:videomote:problem:invalid-input"))
                .body("errors.field", hasItems("code", "name", "ticketPrefix", "services[0].durationMinutes"))
                .body("toString()", not(containsString("Exception")));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", TestData.slug("dup"), "name", "N", "ticketPrefix", TestData.ticketPrefix(),
                        "services", List.of(Map.of("code", "x", "name", "X", "durationMinutes", 20),
                                Map.of("code", "x", "name", "Y", "durationMinutes", 20))))
                .post("/api/v1/agencies")
                .then().statusCode(400).body("errors.field", hasItem("services[1].code"));
        assertThat(agencies()).isEqualTo(before);
    }

    @Test
    void shouldRejectMalformedJsonAndWrongTypes() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"code\": \"x\", ")
                .post("/api/v1/agencies")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"code\":\"x\",\"name\":\"n\",\"ticketPrefix\":\"X\",\"services\":[{\"code\":\"a\",\"name\":\"a\",\"durationMinutes\":\"long\"}]}")
                .post("/api/v1/agencies")
                .then().statusCode(400).body("errors[0].field", equalTo("services[0].durationMinutes"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("")
                .post("/api/v1/agencies")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void shouldRequireAdminToWriteAndATokenToRead() {
        long before = agencies();
        var body = agency(TestData.slug("x"), TestData.ticketPrefix());
        for (String token : List.of(Tokens.desk("o"), Tokens.kiosk("o"), Tokens.officer(UUID.randomUUID(), "a"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/agencies")
                    .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        }
        given().contentType(ContentType.JSON).body(body).post("/api/v1/agencies")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().get("/api/v1/agencies").then().statusCode(401).contentType("application/problem+json");
        assertThat(agencies()).isEqualTo(before);
    }

    @Test
    void shouldRefuseExpiredForgedAndForeignIssuerTokens() {
        String expired = Jwt.subject("a").groups("admin").expiresAt(System.currentTimeMillis() / 1000 - 3600).sign();
        String foreignIssuer = Jwt.issuer("https://evil.example").subject("a").groups("admin").sign();
        String forged = TokenIssuer.admin("a", Duration.ofMinutes(5));
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA" + forged.substring(forged.lastIndexOf('.') + 5);
        for (String token : List.of(expired, foreignIssuer, forged, "not-a-jwt")) {
            given().auth().oauth2(token).get("/api/v1/agencies")
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void shouldAnswerNotFoundForUnknownAgencyAndMismatchedCode() {
        var body = agency("no-such-agency-" + UUID.randomUUID().toString().substring(0, 8), TestData.ticketPrefix());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .put("/api/v1/agencies/" + body.get("code"))
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).get("/api/v1/agencies/nope-nope")
                .then().statusCode(404).body("detail", notNullValue());
        var a = TestData.agency();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(agency("other-code", a.ticketPrefix()))
                .put("/api/v1/agencies/" + a.code())
                .then().statusCode(400).body("errors.field", hasItem("code"));
    }

    @Test
    void shouldReplayFirstAnswerForRepeatedIdempotencyKey() {
        String key = UUID.randomUUID().toString();
        var body = agency(TestData.slug("idem"), TestData.ticketPrefix());
        String first = given().auth().oauth2(Tokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/agencies").then().statusCode(201).extract().asString();
        long after = agencies();
        String second = given().auth().oauth2(Tokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/agencies").then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().asString();
        assertThat(second).isEqualTo(first);
        given().auth().oauth2(Tokens.admin()).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(agency(TestData.slug("other"), TestData.ticketPrefix())).post("/api/v1/agencies")
                .then().statusCode(422).contentType("application/problem+json");
        assertThat(agencies()).isEqualTo(after);
    }
}
