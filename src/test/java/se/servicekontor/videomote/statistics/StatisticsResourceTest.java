package se.servicekontor.videomote.statistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.act;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.called;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.local;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.statistics;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.transfer;
import static se.servicekontor.videomote.statistics.StatisticsFixtures.visit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/**
 * Statistics on a small known day, computed by hand: 29 March 2026 is the day Stockholm moves its clocks forward
 * (02:00 -> 03:00), so office-local hours differ from UTC by two hours that day and by one the day before.
 */
@QuarkusTest
class StatisticsResourceTest {

    private static final String VISITOR = "Märta Testsson";

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** What the scenario built. */
    record Scenario(String office, AgencyRef a, AgencyRef b, UUID officer) {
    }

    /**
     * One officer of agency A, one room. On 2026-03-29 (office-local):
     * v1 A/svc-a arrives 09:00, called 09:10 (wait 10), started 09:11, completed 09:31 (service 20);
     * v2 A/svc-a with interpreter arrives 09:05, called 09:32 (27), started 09:33, completed 10:18 (45);
     * v3 A/svc-b arrives 09:20, called 10:20 (60), no-show 10:25;
     * v4 A/svc-a arrives 10:40, called 10:41, requeued 10:42, called again 10:50 (10 from arrival), started 10:51,
     * completed 11:01 (10); v5 A/svc-a arrives 10:45, transferred to B/svc-a 10:46, cancelled 10:47;
     * v6 A/svc-b arrives 11:00, cancelled 11:05. On 2026-03-28: v7 A/svc-a arrives 16:30, cancelled 16:31.
     */
    Scenario scenario() {
        AgencyRef a = StatisticsFixtures.swedishAgency("Försäkringskassan, Östra Göinge");
        AgencyRef b = StatisticsFixtures.swedishAgency("Skatteverket Växjö");
        String office = TestData.office(a.code(), b.code()).id();
        TestData.room(office, "Rum 1");
        UUID officer = StatisticsFixtures.officer(a);
        String desk = Tokens.desk(office);
        String serving = Tokens.officer(officer, a.code());
        // Shifts are added ahead of time.
        at("2026-03-28T16:00");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", "2026-03-29T08:00:00+02:00", "end", "2026-03-29T12:00:00+02:00"))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);

        at("2026-03-28T16:30");
        UUID v7 = visit(office, a.code(), "svc-a", "visitorName", VISITOR);
        at("2026-03-28T16:31");
        act(v7, "cancel", desk).then().statusCode(200);

        at("2026-03-29T09:00");
        visit(office, a.code(), "svc-a", "visitorName", VISITOR);
        at("2026-03-29T09:05");
        visit(office, a.code(), "svc-a", "language", "ar", "interpreter", true, "visitorName", VISITOR);
        at("2026-03-29T09:10");
        UUID v1 = called(officer, a.code());
        at("2026-03-29T09:11");
        act(v1, "start", serving).then().statusCode(200);
        at("2026-03-29T09:20");
        UUID v3 = visit(office, a.code(), "svc-b");
        at("2026-03-29T09:31");
        act(v1, "complete", serving).then().statusCode(200);
        at("2026-03-29T09:32");
        UUID v2 = called(officer, a.code());
        at("2026-03-29T09:33");
        act(v2, "start", serving).then().statusCode(200);
        at("2026-03-29T10:18");
        act(v2, "complete", serving).then().statusCode(200);
        at("2026-03-29T10:20");
        assertThat(called(officer, a.code())).isEqualTo(v3);
        at("2026-03-29T10:25");
        act(v3, "no-show", serving).then().statusCode(200);
        at("2026-03-29T10:40");
        UUID v4 = visit(office, a.code(), "svc-a");
        at("2026-03-29T10:41");
        assertThat(called(officer, a.code())).isEqualTo(v4);
        at("2026-03-29T10:42");
        act(v4, "requeue", serving).then().statusCode(200);
        at("2026-03-29T10:45");
        UUID v5 = visit(office, a.code(), "svc-a", "visitorName", VISITOR);
        at("2026-03-29T10:46");
        transfer(v5, desk, b.code(), "svc-a").then().statusCode(200);
        at("2026-03-29T10:47");
        act(v5, "cancel", desk).then().statusCode(200);
        at("2026-03-29T10:50");
        assertThat(called(officer, a.code())).isEqualTo(v4);
        at("2026-03-29T10:51");
        act(v4, "start", serving).then().statusCode(200);
        at("2026-03-29T11:00");
        UUID v6 = visit(office, a.code(), "svc-b");
        at("2026-03-29T11:01");
        act(v4, "complete", serving).then().statusCode(200);
        at("2026-03-29T11:05");
        act(v6, "cancel", desk).then().statusCode(200);
        clock.reset();
        return new Scenario(office, a, b, officer);
    }

    private void at(String localTime) {
        clock.pin(local(localTime));
    }

    private static Map<String, Object> row(JsonPath json, String agency, String service) {
        List<Map<String, Object>> rows = json.getList("rows");
        return rows.stream().filter(r -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> key = (Map<String, Object>) r.get("key");
            return agency.equals(key.get("agency")) && service.equals(key.get("service"));
        }).findFirst().orElseThrow(() -> new AssertionError("no row " + agency + "/" + service + " in " + rows));
    }

    @Test
    void shouldCountOutcomesWaitsAndServiceTimesAsComputedByHand() {
        Scenario s = scenario();
        JsonPath json = statistics(Tokens.admin(), Map.of("from", "2026-03-29", "to", "2026-03-29", "office", s.office(),
                "groupBy", "agency,service")).then().statusCode(200).extract().jsonPath();
        assertThat(json.getList("groupBy")).containsExactly("agency", "service");
        assertThat(json.getList("rows")).hasSize(3);

        Map<String, Object> aa = row(json, s.a().code(), "svc-a");
        assertThat(aa).containsEntry("visits", 3).containsEntry("walkIns", 3).containsEntry("booked", 0)
                .containsEntry("served", 3).containsEntry("noShows", 0).containsEntry("cancelled", 0)
                .containsEntry("transferred", 1).containsEntry("interpreter", 1);
        // Waits 10, 27, 10 -> p50 10, p90 27, max 27; service times 20, 45, 10 -> p50 20, p90 45.
        assertThat(aa.get("waitMinutes")).isEqualTo(Map.of("p50", 10, "p90", 27, "max", 27));
        assertThat(aa.get("serviceMinutes")).isEqualTo(Map.of("p50", 20, "p90", 45));
        assertThat(aa.get("key")).isEqualTo(Map.of("agency", s.a().code(), "service", "svc-a"));

        Map<String, Object> ab = row(json, s.a().code(), "svc-b");
        assertThat(ab).containsEntry("visits", 2).containsEntry("served", 0).containsEntry("noShows", 1)
                .containsEntry("cancelled", 1).containsEntry("transferred", 0).containsEntry("interpreter", 0);
        assertThat(ab.get("waitMinutes")).isEqualTo(Map.of("p50", 60, "p90", 60, "max", 60));

        Map<String, Object> ba = row(json, s.b().code(), "svc-a");
        assertThat(ba).containsEntry("visits", 1).containsEntry("cancelled", 1).containsEntry("transferred", 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> noWait = (Map<String, Object>) ba.get("waitMinutes");
        assertThat(noWait.get("p50")).isNull();
    }

    @Test
    void shouldKeyHoursAndDaysInOfficeLocalTimeAcrossTheSpringDstChange() {
        Scenario s = scenario();
        JsonPath hours = statistics(Tokens.admin(), Map.of("from", "2026-03-28", "to", "2026-03-29", "office",
                s.office(), "groupBy", "day,hour")).then().statusCode(200).extract().jsonPath();
        assertThat(hours.getList("rows.key")).containsExactly(
                Map.of("day", "2026-03-28", "hour", 16), Map.of("day", "2026-03-29", "hour", 9),
                Map.of("day", "2026-03-29", "hour", 10), Map.of("day", "2026-03-29", "hour", 11));
        assertThat(hours.getList("rows.visits")).containsExactly(1, 3, 2, 1);

        JsonPath days = statistics(Tokens.admin(), Map.of("from", "2026-03-28", "to", "2026-03-29", "office",
                s.office(), "groupBy", "day")).then().statusCode(200).extract().jsonPath();
        assertThat(days.getList("rows.visits")).containsExactly(1, 6);

        // Without day or hour the range is tiled by year, month and day rows; all must give the same totals.
        for (var range : List.of(List.of("2026-03-28", "2026-03-29"), List.of("2026-03-01", "2026-03-31"),
                List.of("2026-01-01", "2026-12-31"), List.of("2025-12-15", "2027-01-15"))) {
            JsonPath total = statistics(Tokens.admin(), Map.of("from", range.get(0), "to", range.get(1), "office",
                    s.office())).then().statusCode(200).extract().jsonPath();
            assertThat(total.getList("rows")).as("range %s", range).hasSize(1);
            assertThat(total.getMap("rows[0]")).as("range %s", range).containsEntry("visits", 7)
                    .containsEntry("served", 3).containsEntry("noShows", 1).containsEntry("cancelled", 3)
                    .containsEntry("transferred", 1).containsEntry("key", Map.of());
            // Waits 10, 27, 60, 10 -> p50 10, p90 60.
            assertThat(total.getMap("rows[0].waitMinutes")).isEqualTo(Map.of("p50", 10, "p90", 60, "max", 60));
        }
    }

    @Test
    void shouldAnswerCsvWithBomHeaderQuotedSwedishNamesAndTheSameRows() {
        Scenario s = scenario();
        Map<String, String> query = Map.of("from", "2026-03-29", "to", "2026-03-29", "office", s.office(), "groupBy",
                "agency,service");
        JsonPath json = statistics(Tokens.admin(), query).then().statusCode(200).extract().jsonPath();
        var csv = given().auth().oauth2(Tokens.admin()).queryParams(query).accept("text/csv").get("/api/v1/statistics")
                .then().statusCode(200).extract();
        assertThat(csv.contentType()).startsWith("text/csv").containsIgnoringCase("charset=UTF-8");
        assertThat(csv.header("Content-Disposition")).contains("statistics-2026-03-29-2026-03-29.csv");
        byte[] bytes = csv.asByteArray();
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        assertThat(text).endsWith("\r\n");
        String[] lines = text.split("\r\n");
        assertThat(lines[0]).isEqualTo("agency,agencyName,service,serviceName,visits,walkIns,booked,served,noShows,"
                + "cancelled,transferred,interpreter,waitP50,waitP90,waitMax,serviceP50,serviceP90");
        assertThat(lines).hasSize(1 + json.getList("rows").size());
        assertThat(text).contains(s.a().code() + ",\"Försäkringskassan, Östra Göinge\",svc-a,\"Ärende \"\"A\"\"\","
                + "3,3,0,3,0,0,1,1,10,27,27,20,45\r\n");
        assertThat(text).contains(s.b().code() + ",Skatteverket Växjö,svc-a,\"Ärende \"\"A\"\"\",1,1,0,0,0,1,0,0,,,,,");

        String semicolons = given().auth().oauth2(Tokens.admin()).queryParams(query).queryParam("separator", "semicolon")
                .accept("text/csv").get("/api/v1/statistics").then().statusCode(200).extract().asString();
        assertThat(semicolons).contains(s.a().code() + ";Försäkringskassan, Östra Göinge;svc-a;\"Ärende \"\"A\"\"\";3;");
    }

    @Test
    void shouldNeverAnswerPersonalDataAndKeepWorkingAfterErasure() {
        Scenario s = scenario();
        Map<String, String> query = Map.of("from", "2026-03-28", "to", "2026-03-29", "office", s.office(), "groupBy",
                "day,hour,office,agency,service");
        String before = statistics(Tokens.admin(), query).then().statusCode(200).extract().asString();
        String csv = given().auth().oauth2(Tokens.admin()).queryParams(query).accept("text/csv")
                .get("/api/v1/statistics").then().statusCode(200).extract().asString();
        String utilization = given().auth().oauth2(Tokens.admin()).queryParams(Map.of("from", "2026-03-28", "to",
                "2026-03-29", "office", s.office())).get("/api/v1/statistics/utilization").then().statusCode(200)
                .extract().asString();
        for (String answer : List.of(before, csv, utilization)) {
            assertThat(answer).doesNotContain(VISITOR).doesNotContain("Märta").doesNotContain("Testsson");
        }
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ? AND visitor_name IS NOT NULL",
                s.office())).isEqualTo(4);
        Sql.update("UPDATE visit SET visitor_name = NULL WHERE office_id = ?", s.office());
        String after = statistics(Tokens.admin(), query).then().statusCode(200).extract().asString();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void shouldScopeDeskToItsOfficeAndOfficerToItsAgency() {
        Scenario s = scenario();
        String other = TestData.office(s.a().code()).id();
        Map<String, String> day = Map.of("from", "2026-03-29", "to", "2026-03-29", "groupBy", "office,agency");

        // A desk gets its own office without asking, and 404 for another office.
        statistics(Tokens.desk(s.office()), day).then().statusCode(200)
                .body("rows.key.office", everyItemIs(s.office())).body("rows", hasSize(2));
        statistics(Tokens.desk(s.office()), with(day, "office", s.office())).then().statusCode(200);
        statistics(Tokens.desk(s.office()), with(day, "office", other)).then().statusCode(404)
                .contentType("application/problem+json");
        statistics(Tokens.desk(other), with(day, "office", s.office())).then().statusCode(404);

        // An officer gets their own agency over every office, and 404 for another agency.
        String officer = Tokens.officer(s.officer(), s.a().code());
        statistics(officer, with(day, "office", s.office())).then().statusCode(200)
                .body("rows.key.agency", everyItemIs(s.a().code())).body("rows[0].visits", is(5));
        statistics(officer, with(day, "agency", s.b().code())).then().statusCode(404);

        // An admin sees everything; unknown ids are 404.
        statistics(Tokens.admin(), with(day, "office", s.office())).then().statusCode(200).body("rows", hasSize(2));
        statistics(Tokens.admin(), with(day, "office", "no-such-office")).then().statusCode(404);
        statistics(Tokens.admin(), with(day, "agency", "no-such-agency")).then().statusCode(404);

        // Kiosks and room terminals read no statistics; no token is 401.
        statistics(Tokens.kiosk(s.office()), day).then().statusCode(403);
        statistics(Tokens.room(s.office(), UUID.randomUUID()), day).then().statusCode(403);
        given().queryParams(day).get("/api/v1/statistics").then().statusCode(401);

        // Utilization: admin and the office's desk; officers are not allowed; another office is 404.
        Map<String, String> util = Map.of("from", "2026-03-29", "to", "2026-03-29");
        given().auth().oauth2(Tokens.desk(s.office())).queryParams(util).get("/api/v1/statistics/utilization").then()
                .statusCode(200).body("rows.office", everyItemIs(s.office()));
        given().auth().oauth2(Tokens.desk(s.office())).queryParams(with(util, "office", other))
                .get("/api/v1/statistics/utilization").then().statusCode(404);
        given().auth().oauth2(officer).queryParams(util).get("/api/v1/statistics/utilization").then().statusCode(403);
    }

    @Test
    void shouldMeasureRoomsAndOfficersTimeAgainstDemand() {
        Scenario s = scenario();
        JsonPath json = given().auth().oauth2(Tokens.admin())
                .queryParams(Map.of("from", "2026-03-29", "to", "2026-03-29", "office", s.office()))
                .get("/api/v1/statistics/utilization").then().statusCode(200).extract().jsonPath();
        assertThat(json.getList("rows")).hasSize(1);
        // Open 08-17 (540 min) with one room; meetings 20 + 45 + 10 = 75 min; the officer's shift 08-12.
        assertThat(json.getString("rows[0].day")).isEqualTo("2026-03-29");
        assertThat(json.getInt("rows[0].openMinutes")).isEqualTo(540);
        assertThat(json.getInt("rows[0].rooms.count")).isEqualTo(1);
        assertThat(json.getDouble("rows[0].rooms.occupiedShare")).isEqualTo(0.139);
        assertThat(json.getMap("rows[0].officers")).isEqualTo(Map.of("onDutyMinutes", 240, "inMeetingMinutes", 75));
        assertThat(json.getList("rows[0].demand.hour")).containsExactly(8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(json.getList("rows[0].demand.arrivals")).containsExactly(0, 3, 2, 1, 0, 0, 0, 0, 0);
        assertThat(json.getList("rows[0].demand.officersOnDuty")).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldRejectBadDatesRangesAndDimensionsNamingTheFields() {
        String admin = Tokens.admin();
        statistics(admin, Map.of("from", "2026-13-01", "to", "2026-01-01")).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("from"));
        statistics(admin, Map.of("to", "2026-01-01")).then().statusCode(400).body("errors.field", hasItem("from"));
        statistics(admin, Map.of("from", "2026-02-01", "to", "2026-01-01")).then().statusCode(400)
                .body("errors.field", hasItem("to"));
        statistics(admin, Map.of("from", "2020-01-01", "to", "2026-01-01")).then().statusCode(400)
                .body("errors.field", hasItem("to"));
        statistics(admin, Map.of("from", "2026-01-01", "to", "2026-03-01", "groupBy", "hour")).then().statusCode(400)
                .body("errors.field", hasItem("to"));
        statistics(admin, Map.of("from", "2026-01-01", "to", "2026-01-02", "groupBy", "day,week")).then()
                .statusCode(400).body("errors.field", hasItem("groupBy"));
        statistics(admin, Map.of("from", "2026-01-01", "to", "2026-01-02", "groupBy", "day,day")).then()
                .statusCode(400).body("errors.field", hasItem("groupBy"));
        statistics(admin, Map.of("from", "x", "to", "y", "groupBy", "week")).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("from", "to", "groupBy"));
        given().auth().oauth2(admin).queryParams(Map.of("from", "2026-01-01", "to", "2026-03-01"))
                .get("/api/v1/statistics/utilization").then().statusCode(400).body("errors.field", hasItem("to"));
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> out = new java.util.HashMap<>(base);
        out.put(key, value);
        return out;
    }

    private static org.hamcrest.Matcher<Iterable<? extends Object>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(value));
    }
}
