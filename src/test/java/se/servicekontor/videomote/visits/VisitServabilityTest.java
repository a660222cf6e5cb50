package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static se.servicekontor.videomote.visits.VisitFixtures.body;
import static se.servicekontor.videomote.visits.VisitFixtures.create;
import static se.servicekontor.videomote.visits.VisitFixtures.officerToken;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import se.servicekontor.videomote.testing.LiveClient;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/**
 * Visits nobody on duty can serve are told at issue time, refused at a kiosk, shown (as counts and flags, never names
 * on screens) in the queue and on the officers' stream, and the desk can change a waiting visit's needs.
 */
@QuarkusTest
class VisitServabilityTest {

    private static Response needs(UUID visit, String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .put("/api/v1/visits/" + visit + "/needs");
    }

    @Test
    void shouldTellTheDeskAndRefuseTheKioskWhenNobodyOnDutySpeaksTheLanguage() {
        AgencyRef agency = TestData.agency();
        VisitFixtures.officer(agency, List.of("sv", "en"), agency.services());
        String office = VisitFixtures.office(agency.code());

        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a", "language", "so")).then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("unservable"))
                .body("detail", containsString("speaks so"));
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ?", office)).isZero();

        create(office, Tokens.desk(office), body(agency.code(), "svc-a", "language", "so")).then().statusCode(201)
                .body("servable", equalTo(false))
                .body("unservableReason.code", equalTo("LANGUAGE_NOT_COVERED"))
                .body("unservableReason.message", containsString("With an interpreter"));
        // With an interpreter the meeting is held in sv, which an officer on duty speaks.
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a", "language", "so", "interpreter", true))
                .then().statusCode(201).body("servable", equalTo(true));
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a", "language", "en")).then().statusCode(201)
                .body("servable", equalTo(true));
    }

    @Test
    void shouldSayWhenNoOfficerHasTheServiceOrNoneOfTheAgencyIsOnDuty() {
        AgencyRef agency = TestData.agency();
        String office = VisitFixtures.office(agency.code());
        UUID officer = TestData.officer(agency.code(), List.of("sv"), List.of("svc-a")); // OFFLINE, no shift

        create(office, Tokens.desk(office), body(agency.code(), "svc-a")).then().statusCode(201)
                .body("servable", equalTo(false)).body("unservableReason.code", equalTo("NO_OFFICER_ON_DUTY"));
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a")).then().statusCode(409)
                .body("detail", containsString("No officer of " + agency.code() + " is on duty"));

        // On a shift now counts as on duty, whatever the presence.
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("start", now.minusHours(1).toString(), "end", now.plusHours(2).toString()))
                .post("/api/v1/officers/" + officer + "/shifts").then().statusCode(201);
        create(office, Tokens.kiosk(office), body(agency.code(), "svc-a")).then().statusCode(201)
                .body("servable", equalTo(true));
        create(office, Tokens.desk(office), body(agency.code(), "svc-b")).then().statusCode(201)
                .body("servable", equalTo(false)).body("unservableReason.code", equalTo("SERVICE_NOT_COVERED"));
    }

    @Test
    void shouldCountUnservableVisitsInTheQueueAndOnTheOfficersStreamWithoutNamesOnScreens() {
        AgencyRef agency = TestData.agency();
        UUID officer = VisitFixtures.officer(agency, List.of("sv"), agency.services());
        String office = VisitFixtures.office(agency.code());
        try (LiveClient console = LiveClient.connect("/ws/v1/officers/" + officer, officerToken(officer, agency.code()))) {
            JsonObject snapshot = console.next();
            assertThat(snapshot.getJsonObject("data").getJsonObject("waiting").getInteger("unservable")).isZero();

            UUID somali = VisitFixtures.visit(office, agency.code(), "svc-a", "language", "so", "visitorName",
                    "Hodan Testsson");
            VisitFixtures.visit(office, agency.code(), "svc-a");
            JsonObject summary = console.nextOfType("queue.summary", Duration.ofSeconds(10));
            while (summary.getJsonObject("data").getInteger("waiting") < 2) {
                summary = console.nextOfType("queue.summary", Duration.ofSeconds(10));
            }
            assertThat(summary.getJsonObject("data").getInteger("unservable")).isEqualTo(1);
            assertThat(summary.getJsonObject("data").getJsonArray("services").getJsonObject(0)
                    .getInteger("unservable")).isEqualTo(1);

            given().auth().oauth2(Tokens.desk(office)).get("/api/v1/offices/" + office + "/queue").then()
                    .statusCode(200)
                    .body("agencies[0].waiting", equalTo(2)).body("agencies[0].unservable", equalTo(1))
                    .body("waiting.find { it.id == '" + somali + "' }.servable", equalTo(false))
                    .body("waiting.findAll { it.servable }.size()", equalTo(1));
            String kiosk = given().auth().oauth2(Tokens.kiosk(office)).get("/api/v1/offices/" + office + "/queue")
                    .then().statusCode(200).body("agencies[0].unservable", equalTo(1)).extract().asString();
            assertThat(kiosk).doesNotContain("Hodan");

            // "next" never hands it out; it stays waiting and counted.
            VisitFixtures.rooms(office, 2);
            UUID called = VisitFixtures.called(officer, agency.code());
            assertThat(called).isNotEqualTo(somali);

            // An officer who speaks so comes on duty: the officers' count follows at once.
            UUID somaliSpeaker = TestData.officer(agency.code(), List.of("so"), agency.services());
            VisitFixtures.presence(somaliSpeaker, agency.code(), "AVAILABLE");
            JsonObject recount = console.nextOfType("queue.summary", Duration.ofSeconds(10));
            while (recount.getJsonObject("data").getInteger("unservable") != 0) {
                recount = console.nextOfType("queue.summary", Duration.ofSeconds(10));
            }
            assertThat(recount.getJsonObject("data").getInteger("waiting")).isEqualTo(1);
            given().auth().oauth2(Tokens.desk(office)).get("/api/v1/visits/" + somali).then().statusCode(200)
                    .body("servable", equalTo(true));
        }
    }

    @Test
    void shouldLetTheDeskChangeTheNeedsOfAWaitingVisitKeepingItsPlace() {
        AgencyRef agency = TestData.agency();
        UUID officer = VisitFixtures.officer(agency, List.of("sv"), List.of("svc-a"));
        String office = VisitFixtures.office(agency.code());
        VisitFixtures.visit(office, agency.code(), "svc-a");
        UUID visit = VisitFixtures.visit(office, agency.code(), "svc-b", "language", "so");
        int position = given().auth().oauth2(Tokens.desk(office)).get("/api/v1/visits/" + visit).then()
                .statusCode(200).body("servable", equalTo(false))
                .body("unservableReason.code", equalTo("SERVICE_NOT_COVERED")).extract().path("position");

        // Only the desk of its office; invalid input changes nothing.
        needs(visit, Tokens.kiosk(office), Map.of("service", "svc-a")).then().statusCode(403);
        needs(visit, officerToken(officer, agency.code()), Map.of("service", "svc-a")).then().statusCode(403);
        String other = VisitFixtures.office(agency.code());
        needs(visit, Tokens.desk(other), Map.of("service", "svc-a")).then().statusCode(404);
        needs(visit, Tokens.desk(office), Map.of("service", "svc-x")).then().statusCode(400)
                .body("errors[0].field", equalTo("service"));
        needs(visit, Tokens.desk(office), Map.of("service", "svc-a", "interpreter", true)).then().statusCode(400)
                .body("errors[0].field", equalTo("language"));
        assertThat(Sql.value("SELECT service_code FROM visit WHERE id = ?", visit)).isEqualTo("svc-b");

        try (LiveClient desk = LiveClient.connect("/ws/v1/offices/" + office + "/desk", Tokens.desk(office))) {
            desk.next();
            needs(visit, Tokens.desk(office), Map.of("service", "svc-a", "language", "so", "interpreter", true))
                    .then().statusCode(200).body("service", equalTo("svc-a")).body("interpreter", equalTo(true))
                    .body("position", equalTo(position)).body("servable", equalTo(true))
                    .body("unservableReason", nullValue());
            JsonObject changed = desk.nextOfType("visit.needs-changed", Duration.ofSeconds(10));
            assertThat(changed.getJsonObject("data").getJsonObject("visit").getString("service")).isEqualTo("svc-a");
        }
        List<Map<String, Object>> history = Sql.rows("""
                SELECT action, from_service, service_code, from_language, from_interpreter FROM visit_transition
                 WHERE visit_id = ? ORDER BY id""", visit);
        assertThat(history).hasSize(2);
        assertThat(history.get(1)).containsEntry("action", "NEEDS_CHANGED").containsEntry("from_service", "svc-b")
                .containsEntry("service_code", "svc-a").containsEntry("from_language", "so")
                .containsEntry("from_interpreter", false);
        assertThat(Sql.value("SELECT sum(waiting) FROM visit_need_count WHERE office_id = ? AND service_code = 'svc-a'"
                + " AND language = 'so' AND interpreter", office)).isEqualTo(1L);

        // A visit that no longer waits keeps its needs.
        VisitFixtures.rooms(office, 1);
        UUID called = VisitFixtures.called(officer, agency.code());
        needs(called, Tokens.desk(office), Map.of("service", "svc-b")).then().statusCode(409);
        assertThat(Sql.value("SELECT service_code FROM visit WHERE id = ?", called)).isEqualTo("svc-a");
    }
}
