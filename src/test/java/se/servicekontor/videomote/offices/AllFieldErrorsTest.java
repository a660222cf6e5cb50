package se.servicekontor.videomote.offices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

/**
 * One 400 names every invalid field: values Jackson cannot read, bean validation, and the service's own checks
 * (time zone, overlapping hours, unknown agencies), which used to take one round trip each.
 */
@QuarkusTest
class AllFieldErrorsTest {

    @Test
    void shouldNameEveryInvalidFieldOfAnOfficeInOneAnswer() {
        String id = TestData.slug("office");
        String body = """
                {"id": "%s", "name": " ", "municipality": "Testby", "kind": "FLOATING", "timeZone": "Mars/Olympus",
                 "openingHours": [{"day": "MONDAY", "opens": "9", "closes": "16:00"},
                                  {"day": "TUESDAY", "opens": "09:00", "closes": "12:00"},
                                  {"day": "TUESDAY", "opens": "11:00", "closes": "14:00"},
                                  {"day": "SOMEDAY", "opens": "09:00", "closes": "10:00"}],
                 "agencies": ["no-such-agency"], "cleaningBufferMinutes": 99}""".formatted(id);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/offices")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "kind", "timeZone", "openingHours[0].opens",
                        "openingHours[2]", "openingHours[3].day", "agencies[0]", "cleaningBufferMinutes"));
        assertThat(Sql.count("SELECT count(*) FROM office WHERE id = ?", id)).isZero();
    }

    @Test
    void shouldNameEveryInvalidFieldOfAnOfficeReplacementInOneAnswer() {
        var office = TestData.office(TestData.agency().code());
        String body = """
                {"id": "another-id", "name": "x", "municipality": "", "kind": "FIXED", "timeZone": "Nowhere/Town",
                 "openingHours": [{"day": "MONDAY", "opens": "16:00", "closes": "09:00"}], "agencies": ["nope"]}""";
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .put("/api/v1/offices/" + office.id())
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("id", "municipality", "timeZone", "openingHours[0].closes",
                        "agencies[0]"));
    }

    @Test
    void shouldNameEveryInvalidFieldOfAnOfficerInOneAnswer() {
        var agency = TestData.agency();
        String body = """
                {"agency": "%s", "name": "", "languages": ["svenska", "en"], "services": ["svc-a", "no-such"]}"""
                .formatted(agency.code());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/officers")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "languages[0]", "services[1]"));
    }

    @Test
    void shouldNameEveryInvalidFieldOfAnAgencyInOneAnswer() {
        String code = TestData.slug("agency");
        String body = """
                {"code": "%s", "name": "Ny", "ticketPrefix": "abc",
                 "services": [{"code": "a", "name": "A", "durationMinutes": "lång"},
                              {"code": "a", "name": "A igen", "durationMinutes": 30},
                              {"code": "Bad Code", "name": "", "durationMinutes": 2}]}""".formatted(code);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/api/v1/agencies")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("ticketPrefix", "services[0].durationMinutes",
                        "services[1].code", "services[2].code", "services[2].name", "services[2].durationMinutes"));
        assertThat(Sql.count("SELECT count(*) FROM agency WHERE code = ?", code)).isZero();
    }

    @Test
    void shouldNameEveryInvalidFieldOfARoomAndAClosureInOneAnswer() {
        var office = TestData.office(TestData.agency().code());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"name\": \"\", \"accessible\": \"maybe\", \"capacity\": 0}")
                .post("/api/v1/offices/" + office.id() + "/rooms").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "accessible", "capacity"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"date\": \"tomorrow\", \"reason\": \"\", \"cancelBookings\": true}")
                .post("/api/v1/offices/" + office.id() + "/closures").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("date", "reason"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("[]")
                .post("/api/v1/offices/" + office.id() + "/closures").then().statusCode(400)
                .body("errors.field", hasItem("body"));
    }
}
