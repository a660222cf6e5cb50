package se.servicekontor.videomote.offices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
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
class OfficeResourceTest {

    private static Map<String, Object> office(String id, String kind, List<Map<String, String>> hours, List<String> agencies) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("name", "Servicekontor " + id);
        body.put("municipality", "Norrköping");
        body.put("kind", kind);
        body.put("timeZone", "Europe/Stockholm");
        body.put("openingHours", hours);
        body.put("agencies", agencies);
        body.put("vulnerableArea", true);
        return body;
    }

    private static List<Map<String, String>> weekdays(String opens, String closes) {
        List<Map<String, String>> hours = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            hours.add(Map.of("day", day, "opens", opens, "closes", closes));
        }
        return hours;
    }

    private static long offices() {
        return Sql.count("SELECT count(*) FROM office");
    }

    private static String tomorrow() {
        return LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(1).toString();
    }

    @Test
    void shouldCreateOfficeWithHoursAndAgencies() {
        var agency = TestData.agency();
        String id = TestData.slug("norrkoping");
        List<Map<String, String>> hours = new ArrayList<>(weekdays("09:00", "12:00"));
        hours.add(Map.of("day", "MONDAY", "opens", "13:00", "closes", "16:00"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(office(id, "FIXED", hours, List.of(agency.code())))
                .post("/api/v1/offices")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/offices/" + id))
                .body("id", equalTo(id))
                .body("kind", equalTo("FIXED"))
                .body("timeZone", equalTo("Europe/Stockholm"))
                .body("vulnerableArea", equalTo(true))
                .body("agencies", contains(agency.code()))
                .body("openingHours", hasSize(6))
                .body("openingHours[0]", equalTo(Map.of("day", "MONDAY", "opens", "09:00", "closes", "12:00")))
                .body("openingHours[1]", equalTo(Map.of("day", "MONDAY", "opens", "13:00", "closes", "16:00")));

        given().auth().oauth2(Tokens.officer(UUID.randomUUID(), agency.code())).get("/api/v1/offices/" + id)
                .then().statusCode(200).body("municipality", equalTo("Norrköping"));
    }

    @Test
    void shouldFilterOfficesByMunicipalityAndAgency() {
        var agency = TestData.agency();
        var other = TestData.agency();
        var a = TestData.office(agency.code());
        var b = TestData.office(other.code());
        given().auth().oauth2(Tokens.admin()).queryParam("agency", agency.code()).get("/api/v1/offices")
                .then().statusCode(200).body("id", hasItem(a.id())).body("id", not(hasItem(b.id())));
        given().auth().oauth2(Tokens.admin()).queryParam("municipality", "TESTBY").get("/api/v1/offices")
                .then().statusCode(200).body("id", hasItems(a.id(), b.id()));
        given().auth().oauth2(Tokens.admin()).queryParam("municipality", "Nowhere").get("/api/v1/offices")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void shouldShowOfficeBoundCallersOnlyTheirOwnOffice() {
        var agency = TestData.agency();
        var mine = TestData.office(agency.code());
        var theirs = TestData.office(agency.code());
        for (String token : List.of(Tokens.desk(mine.id()), Tokens.kiosk(mine.id()), Tokens.room(mine.id(), UUID.randomUUID()))) {
            given().auth().oauth2(token).get("/api/v1/offices")
                    .then().statusCode(200).body("id", contains(mine.id()));
            given().auth().oauth2(token).get("/api/v1/offices/" + mine.id()).then().statusCode(200);
            given().auth().oauth2(token).get("/api/v1/offices/" + theirs.id())
                    .then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void shouldReplaceOffice() {
        var agency = TestData.agency();
        var second = TestData.agency();
        var o = TestData.office(agency.code());
        Map<String, Object> body = office(o.id(), "FIXED", weekdays("10:00", "15:00"), List.of(agency.code(), second.code()));
        body.put("cleaningBufferMinutes", 5);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .put("/api/v1/offices/" + o.id())
                .then().statusCode(200)
                .body("openingHours", hasSize(5))
                .body("openingHours.opens", everyItem(equalTo("10:00")))
                .body("agencies", hasSize(2))
                .body("cleaningBufferMinutes", equalTo(5));
        assertThat(Sql.count("SELECT count(*) FROM office_opening_hours WHERE office_id = ?", o.id())).isEqualTo(5);
    }

    @Test
    void shouldExplainInvalidOfficeAndChangeNothing() {
        long before = offices();
        List<Map<String, String>> hours = List.of(
                Map.of("day", "MONDAY", "opens", "16:00", "closes", "09:00"),
                Map.of("day", "TUESDAY", "opens", "09:00", "closes", "12:00"),
                Map.of("day", "TUESDAY", "opens", "11:00", "closes", "14:00"));
        Map<String, Object> body = office(TestData.slug("bad"), "FIXED", hours, List.of("no-such-agency"));
        body.put("timeZone", "Mars/Olympus_Mons");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/offices")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("openingHours[0].closes", "openingHours[2]", "timeZone", "agencies[0]"));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("id", "Bad Id"))
                .post("/api/v1/offices")
                .then().statusCode(400).body("errors.field", hasItems("id", "name", "municipality", "kind", "openingHours", "agencies"));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"x\",\"name\":\"x\",\"municipality\":\"x\",\"kind\":\"FLOATING\",\"openingHours\":[],\"agencies\":[]}")
                .post("/api/v1/offices")
                .then().statusCode(400).body("errors[0].field", equalTo("kind"))
                .body("errors[0].message", equalTo("must be one of [FIXED, MOBILE]"));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"id\":\"x\",\"name\":\"x\",\"municipality\":\"x\",\"kind\":\"FIXED\",\"openingHours\":[{\"day\":\"MONDAY\",\"opens\":\"9\",\"closes\":\"10:00\"}],\"agencies\":[]}")
                .post("/api/v1/offices")
                .then().statusCode(400).body("errors[0].field", equalTo("openingHours[0].opens"));
        assertThat(offices()).isEqualTo(before);
    }

    @Test
    void shouldRefuseDuplicateUnknownAndUnauthorisedOfficeWrites() {
        var agency = TestData.agency();
        var o = TestData.office(agency.code());
        long before = offices();
        Map<String, Object> body = office(o.id(), "FIXED", weekdays("09:00", "16:00"), List.of(agency.code()));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/offices").then().statusCode(409).contentType("application/problem+json");
        Map<String, Object> unknown = office("no-such-office-x", "FIXED", weekdays("09:00", "16:00"), List.of(agency.code()));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(unknown)
                .put("/api/v1/offices/no-such-office-x").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .put("/api/v1/offices/" + TestData.slug("other")).then().statusCode(400).body("errors.field", hasItem("id"));
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(body)
                .put("/api/v1/offices/" + o.id()).then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/offices").then().statusCode(401);
        assertThat(offices()).isEqualTo(before);
    }

    @Test
    void shouldManageClosuresForAdminAndOwnDesk() {
        var agency = TestData.agency();
        var o = TestData.office(agency.code());
        var other = TestData.office(agency.code());
        String day = tomorrow();
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON)
                .body(Map.of("date", day, "reason", "Personalutbildning"))
                .post("/api/v1/offices/" + o.id() + "/closures")
                .then().statusCode(201).body("date", equalTo(day)).body("reason", equalTo("Personalutbildning"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/" + o.id() + "/closures")
                .then().statusCode(200).body("date", contains(day));

        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of("date", day, "reason", "Again"))
                .post("/api/v1/offices/" + o.id() + "/closures").then().statusCode(409);
        given().auth().oauth2(Tokens.desk(other.id())).contentType(ContentType.JSON).body(Map.of("date", day, "reason", "X"))
                .post("/api/v1/offices/" + o.id() + "/closures").then().statusCode(404);
        given().auth().oauth2(Tokens.kiosk(o.id())).get("/api/v1/offices/" + o.id() + "/closures").then().statusCode(403);
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON)
                .body(Map.of("date", "2001-01-01", "reason", "Past"))
                .post("/api/v1/offices/" + o.id() + "/closures").then().statusCode(400).body("errors.field", hasItem("date"));
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of("date", "2030-02-30", "reason", "x"))
                .post("/api/v1/offices/" + o.id() + "/closures").then().statusCode(400).body("errors.field", hasItem("date"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("date", day, "reason", "x"))
                .post("/api/v1/offices/no-such-office/closures").then().statusCode(404);
        assertThat(Sql.count("SELECT count(*) FROM office_closure WHERE office_id = ?", o.id())).isEqualTo(1);

        given().auth().oauth2(Tokens.desk(o.id())).delete("/api/v1/offices/" + o.id() + "/closures/" + day)
                .then().statusCode(204);
        given().auth().oauth2(Tokens.desk(o.id())).delete("/api/v1/offices/" + o.id() + "/closures/" + day)
                .then().statusCode(404);
    }

    @Test
    void shouldAddStopsOnlyToMobileOfficesWithoutOverlap() {
        var agency = TestData.agency();
        var mobile = TestData.mobileOffice(agency.code());
        var fixed = TestData.office(agency.code());
        String day = tomorrow();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day, "place", "Rinkeby torg", "opens", "10:00", "closes", "14:00"))
                .post("/api/v1/offices/" + mobile.id() + "/stops")
                .then().statusCode(201).body("place", equalTo("Rinkeby torg")).body("opens", equalTo("10:00"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day, "place", "Tensta centrum", "opens", "13:00", "closes", "16:00"))
                .post("/api/v1/offices/" + mobile.id() + "/stops")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day, "place", "Tensta centrum", "opens", "14:00", "closes", "16:00"))
                .post("/api/v1/offices/" + mobile.id() + "/stops").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day, "place", "X", "opens", "16:00", "closes", "10:00"))
                .post("/api/v1/offices/" + mobile.id() + "/stops")
                .then().statusCode(400).body("errors.field", hasItem("closes"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("date", day, "place", "X", "opens", "10:00", "closes", "11:00"))
                .post("/api/v1/offices/" + fixed.id() + "/stops").then().statusCode(409);
        given().auth().oauth2(Tokens.desk(mobile.id())).contentType(ContentType.JSON)
                .body(Map.of("date", day, "place", "X", "opens", "17:00", "closes", "18:00"))
                .post("/api/v1/offices/" + mobile.id() + "/stops").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).get("/api/v1/offices/" + mobile.id() + "/stops")
                .then().statusCode(200).body("place", contains("Rinkeby torg", "Tensta centrum"));
        assertThat(Sql.count("SELECT count(*) FROM office_stop WHERE office_id IN (?, ?)", mobile.id(), fixed.id())).isEqualTo(2);
    }

    @Test
    void shouldAnswerProblemJsonForUnknownPathsAndMethods() {
        given().auth().oauth2(Tokens.admin()).get("/api/v1/no-such-thing")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(Tokens.admin()).delete("/api/v1/agencies")
                .then().statusCode(405).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.TEXT).body("x").post("/api/v1/agencies")
                .then().statusCode(415).contentType("application/problem+json");
    }
}
