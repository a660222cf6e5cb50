package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static se.servicekontor.videomote.visits.VisitFixtures.act;
import static se.servicekontor.videomote.visits.VisitFixtures.agency;
import static se.servicekontor.videomote.visits.VisitFixtures.body;
import static se.servicekontor.videomote.visits.VisitFixtures.called;
import static se.servicekontor.videomote.visits.VisitFixtures.create;
import static se.servicekontor.videomote.visits.VisitFixtures.desk;
import static se.servicekontor.videomote.visits.VisitFixtures.office;
import static se.servicekontor.videomote.visits.VisitFixtures.officer;
import static se.servicekontor.videomote.visits.VisitFixtures.officerToken;
import static se.servicekontor.videomote.visits.VisitFixtures.rooms;
import static se.servicekontor.videomote.visits.VisitFixtures.snapshot;
import static se.servicekontor.videomote.visits.VisitFixtures.visit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class VisitAccessTest {

    private static final List<String> ACTIONS = List.of("start", "complete", "no-show", "requeue", "transfer",
            "cancel");

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldLetAKioskIssueTicketsAndReadItsQueueButNeverSeeAName() {
        var a = agency();
        String office = office(a.code());
        rooms(office, 1);
        UUID officer = officer(a);
        String kiosk = Tokens.kiosk(office);
        String answer = create(office, kiosk, body(a.code(), "svc-a", "visitorName", "Kim Kioskdottir"))
                .then().statusCode(201)
                .body("ticket", equalTo(a.ticketPrefix() + "001")).body("status", equalTo("WAITING"))
                .body("position", equalTo(1)).body("estimatedWait.minMinutes", equalTo(0))
                .body("$", not(hasKey("visitorName")))
                .extract().asString();
        assertThat(answer).doesNotContain("Kim");
        UUID calledVisit = called(officer, a.code());
        visit(office, a.code(), "svc-b", "visitorName", "Disa Deskdottir");

        String queue = given().auth().oauth2(kiosk).get("/api/v1/offices/" + office + "/queue")
                .then().statusCode(200)
                .body("office", equalTo(office))
                .body("waiting.ticket", equalTo(List.of(a.ticketPrefix() + "002")))
                .body("waiting[0].position", equalTo(1))
                .body("waiting[0].waitingSince", containsString("+"))
                .body("called[0].ticket", equalTo(a.ticketPrefix() + "001"))
                .body("called[0].room.name", equalTo("Rum 1"))
                .body("inMeeting", equalTo(List.of()))
                .body("agencies[0].agency", equalTo(a.code())).body("agencies[0].waiting", equalTo(1))
                .extract().asString();
        assertThat(queue).doesNotContain("Kim").doesNotContain("Disa").doesNotContain("visitorName")
                .doesNotContain("officer");

        for (String token : List.of(desk(office), Tokens.admin())) {
            given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(200)
                    .body("waiting[0].visitorName", equalTo("Disa Deskdottir"))
                    .body("called[0].visitorName", equalTo("Kim Kioskdottir"))
                    .body("called[0].id", equalTo(calledVisit.toString()))
                    .body("called[0].officer.id", equalTo(officer.toString()));
        }
    }

    @Test
    void shouldKeepKiosksAndRoomTerminalsAwayFromEverythingElse() {
        var a = agency();
        String office = office(a.code());
        String otherOffice = office(a.code());
        UUID room = rooms(office, 1).get(0);
        UUID id = visit(office, a.code(), "svc-a");
        var before = snapshot(id);
        for (String token : List.of(Tokens.kiosk(office), Tokens.room(office, room))) {
            given().auth().oauth2(token).get("/api/v1/visits/" + id).then().statusCode(403)
                    .contentType("application/problem+json");
            given().auth().oauth2(token).get("/api/v1/visits/" + id + "/history").then().statusCode(403);
            for (String action : ACTIONS) {
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Map.of("agency", a.code(), "service", "svc-b"))
                        .post("/api/v1/visits/" + id + "/" + action).then().statusCode(403);
            }
        }
        given().auth().oauth2(Tokens.room(office, room)).get("/api/v1/offices/" + office + "/queue")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.room(office, room)).contentType(ContentType.JSON).body(body(a.code(), "svc-a"))
                .post("/api/v1/offices/" + office + "/visits").then().statusCode(403);
        // Another office's kiosk or desk: the office does not exist for it.
        for (String token : List.of(Tokens.kiosk(otherOffice), desk(otherOffice))) {
            create(office, token, body(a.code(), "svc-a")).then().statusCode(404)
                    .contentType("application/problem+json");
            given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue").then().statusCode(404);
        }
        given().auth().oauth2(desk(otherOffice)).get("/api/v1/visits/" + id).then().statusCode(404);
        for (String action : List.of("no-show", "requeue", "cancel")) {
            act(id, action, desk(otherOffice)).then().statusCode(404);
        }
        create(office, Tokens.admin(), body(a.code(), "svc-a")).then().statusCode(403);
        create(office, "not-a-token", body(a.code(), "svc-a")).then().statusCode(401);
        assertThat(snapshot(id)).isEqualTo(before);
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ?", office)).isEqualTo(1);
    }

    @Test
    void shouldLetOnlyTheServingOfficerReadAndActOnAVisit() {
        var a = agency();
        var b = agency();
        String office = office(a.code(), b.code());
        rooms(office, 2);
        UUID serving = officer(a);
        UUID colleague = officer(a);
        UUID stranger = officer(b);
        UUID id = visit(office, a.code(), "svc-a", "visitorName", "Olle");
        UUID waiting = visit(office, a.code(), "svc-a");
        assertThat(called(serving, a.code())).isEqualTo(id);
        var before = snapshot(id);

        given().auth().oauth2(officerToken(serving, a.code())).get("/api/v1/visits/" + id).then().statusCode(200)
                .body("visitorName", equalTo("Olle"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/visits/" + id).then().statusCode(200)
                .body("visitorName", equalTo("Olle"));
        given().auth().oauth2(desk(office)).get("/api/v1/visits/" + id).then().statusCode(200);
        given().auth().oauth2(officerToken(colleague, a.code())).get("/api/v1/visits/" + id).then().statusCode(404);
        given().auth().oauth2(officerToken(stranger, b.code())).get("/api/v1/visits/" + id).then().statusCode(404);

        // A colleague of the same agency: allowed by status, but only the serving officer may.
        for (String action : List.of("start", "no-show", "requeue")) {
            act(id, action, officerToken(colleague, a.code())).then().statusCode(403)
                    .contentType("application/problem+json");
        }
        VisitFixtures.transfer(id, officerToken(colleague, a.code()), b.code(), "svc-a").then().statusCode(403);
        // Another agency's officer cannot see it at all.
        act(id, "start", officerToken(stranger, b.code())).then().statusCode(404);
        // Admins read; they do not run the queue.
        for (String action : ACTIONS) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(Map.of("agency", b.code(), "service", "svc-a"))
                    .post("/api/v1/visits/" + id + "/" + action).then().statusCode(403);
        }
        // The desk cannot start or complete a meeting, and an officer cannot cancel.
        act(id, "start", desk(office)).then().statusCode(403);
        act(id, "complete", desk(office)).then().statusCode(403);
        act(id, "cancel", officerToken(serving, a.code())).then().statusCode(403);
        assertThat(snapshot(id)).isEqualTo(before);
        // A waiting visit nobody serves: an officer of its agency gets the state conflict, not a peek.
        act(waiting, "start", officerToken(colleague, a.code())).then().statusCode(409);
        VisitFixtures.transfer(waiting, officerToken(colleague, a.code()), b.code(), "svc-a").then().statusCode(403);
        assertThat(VisitFixtures.status(waiting)).isEqualTo("WAITING");
    }

    /** A visit brought into {@code state}, with the officer serving it (null when none). */
    private record Placed(UUID id, UUID officer) {
    }

    private static Placed place(String state, AgencyRef a, String office) {
        UUID id = visit(office, a.code(), "svc-a");
        if (state.equals("WAITING")) {
            return new Placed(id, null);
        }
        if (state.equals("CANCELLED")) {
            act(id, "cancel", desk(office)).then().statusCode(200);
            return new Placed(id, null);
        }
        UUID officer = officer(a);
        assertThat(called(officer, a.code())).isEqualTo(id);
        String token = officerToken(officer, a.code());
        switch (state) {
            case "CALLED" -> {
            }
            case "NO_SHOW" -> act(id, "no-show", token).then().statusCode(200);
            case "IN_MEETING" -> act(id, "start", token).then().statusCode(200);
            case "COMPLETED" -> {
                act(id, "start", token).then().statusCode(200);
                act(id, "complete", token).then().statusCode(200);
            }
            default -> throw new IllegalArgumentException(state);
        }
        return new Placed(id, officer);
    }

    @Test
    void shouldRefuseEveryTransitionNotInTheContractWithConflictAndChangeNothing() {
        Map<String, List<String>> allowed = Map.of(
                "WAITING", List.of("transfer", "cancel"),
                "CALLED", List.of("start", "no-show", "requeue", "transfer", "cancel"),
                // start again on a started visit is fine (the video may have started it); the desk may bring a
                // no-show of today back (VisitDeskFlowTest).
                "IN_MEETING", List.of("complete", "transfer", "start"),
                "COMPLETED", List.of(),
                "NO_SHOW", List.of("requeue"),
                "CANCELLED", List.of());
        var a = agency();
        var b = agency();
        String office = office(a.code(), b.code());
        rooms(office, 1);
        int refused = 0;
        for (var entry : allowed.entrySet()) {
            Placed placed = place(entry.getKey(), a, office);
            var before = snapshot(placed.id());
            assertThat(before.get(0).get("status")).isEqualTo(entry.getKey());
            for (String action : ACTIONS) {
                if (entry.getValue().contains(action)) {
                    continue;
                }
                boolean officerOnly = action.equals("start") || action.equals("complete");
                UUID anyOfficer = placed.officer() != null ? placed.officer() : officer(a);
                String token = officerOnly ? officerToken(anyOfficer, a.code()) : desk(office);
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Map.of("agency", b.code(), "service", "svc-b"))
                        .post("/api/v1/visits/" + placed.id() + "/" + action)
                        .then().statusCode(409).contentType("application/problem+json")
                        .body("type", equalTo("urn:videomote:problem:conflict"))
                        .body("detail", containsString(entry.getKey()));
                assertThat(snapshot(placed.id())).as(action + " from " + entry.getKey()).isEqualTo(before);
                refused++;
            }
            // Take the visit out of line so that the next state's call finds only its own visit.
            if (entry.getKey().equals("CALLED") || entry.getKey().equals("IN_MEETING")) {
                act(placed.id(), "transfer", desk(office)).then().statusCode(400); // a transfer needs a target
                VisitFixtures.transfer(placed.id(), desk(office), b.code(), "svc-a").then().statusCode(200);
            }
            if (VisitFixtures.status(placed.id()).equals("WAITING")) {
                act(placed.id(), "cancel", desk(office)).then().statusCode(200);
            }
        }
        assertThat(refused).isEqualTo(4 + 1 + 3 + 6 * 2 + 5); // IN_MEETING may start again, NO_SHOW be requeued
    }

    @Test
    void shouldExplainInvalidInputAsProblemJsonAndCreateNothing() {
        var a = agency();
        var notOffered = agency();
        String office = office(a.code());
        String token = desk(office);
        create(office, token, Map.of()).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:videomote:problem:invalid-input"))
                .body("errors.field", hasItems("agency", "service"));
        create(office, token, body("Not A Slug", "svc-a", "language", "Svenska", "visitorName", "x".repeat(201)))
                .then().statusCode(400).body("errors.field", hasItems("agency", "language", "visitorName"));
        create(office, token, body(a.code(), "svc-a", "interpreter", true)).then().statusCode(400)
                .body("errors[0].field", equalTo("language"));
        create(office, token, body(a.code(), "svc-a", "priority", "URGENT")).then().statusCode(400)
                .body("errors[0].field", equalTo("priority"))
                .body("errors[0].message", containsString("PRIORITY"));
        create(office, token, body(a.code(), "svc-a", "interpreter", "maybe")).then().statusCode(400)
                .body("errors[0].field", equalTo("interpreter"));
        create(office, token, body(notOffered.code(), "svc-a")).then().statusCode(400)
                .body("errors[0].field", equalTo("agency"));
        create(office, token, body(a.code(), "no-such-service")).then().statusCode(400)
                .body("errors[0].field", equalTo("service"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"agency\": ")
                .post("/api/v1/offices/" + office + "/visits").then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        String ghost = "no-such-office-" + UUID.randomUUID().toString().substring(0, 8);
        create(ghost, desk(ghost), body(a.code(), "svc-a")).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/offices/" + office + "/queue?limit=0").then().statusCode(400)
                .body("errors.field", hasItem(containsString("limit")));
        given().auth().oauth2(token).get("/api/v1/visits/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("Visit"));
        given().auth().oauth2(token).post("/api/v1/visits/not-a-uuid/cancel").then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ?", office)).isZero();
        assertThat(Sql.count("SELECT count(*) FROM ticket_counter WHERE office_id = ?", office)).isZero();
    }

    @Test
    void shouldReplayTheFirstTicketForARepeatedIdempotencyKey() {
        var a = agency();
        String office = office(a.code());
        String key = UUID.randomUUID().toString();
        String first = given().auth().oauth2(desk(office)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body(a.code(), "svc-a")).post("/api/v1/offices/" + office + "/visits")
                .then().statusCode(201).extract().asString();
        String again = given().auth().oauth2(desk(office)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body(a.code(), "svc-a"))
                .post("/api/v1/offices/" + office + "/visits")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().asString();
        assertThat(again).isEqualTo(first);
        given().auth().oauth2(desk(office)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body(a.code(), "svc-b")).post("/api/v1/offices/" + office + "/visits")
                .then().statusCode(422).contentType("application/problem+json");
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE office_id = ?", office)).isEqualTo(1);
    }

    @Test
    void shouldNumberTicketsPerOfficeAndAgencyRestartingEachOfficeLocalDay() {
        var a = agency();
        var b = agency();
        String office = office(a.code(), b.code());
        String second = office(a.code());
        // 23:59 in Stockholm (UTC+1 in winter) on 14 January, then 00:01 on the 15th.
        clock.pin(Instant.parse("2027-01-14T22:59:00Z"));
        assertThat(ticket(office, a)).isEqualTo(a.ticketPrefix() + "001");
        assertThat(ticket(office, a)).isEqualTo(a.ticketPrefix() + "002");
        assertThat(ticket(office, b)).isEqualTo(b.ticketPrefix() + "001");
        assertThat(ticket(second, a)).isEqualTo(a.ticketPrefix() + "001");
        clock.pin(Instant.parse("2027-01-14T23:01:00Z"));
        assertThat(ticket(office, a)).isEqualTo(a.ticketPrefix() + "001");
        // A busy day goes past 999 without ever repeating a number.
        Sql.update("UPDATE ticket_counter SET last_number = 998 WHERE office_id = ? AND agency_code = ? "
                + "AND day = DATE '2027-01-15'", office, a.code());
        assertThat(ticket(office, a)).isEqualTo(a.ticketPrefix() + "999");
        assertThat(ticket(office, a)).isEqualTo(a.ticketPrefix() + "1000");
        assertThat(Sql.rows("SELECT ticket_day::text AS day, ticket FROM visit WHERE office_id = ? AND agency_code = ? "
                + "ORDER BY queued_at, ticket_number", office, a.code()))
                .extracting(r -> r.get("day") + " " + r.get("ticket"))
                .containsExactly("2027-01-14 " + a.ticketPrefix() + "001", "2027-01-14 " + a.ticketPrefix() + "002",
                        "2027-01-15 " + a.ticketPrefix() + "001", "2027-01-15 " + a.ticketPrefix() + "999",
                        "2027-01-15 " + a.ticketPrefix() + "1000");
    }

    @Test
    void shouldDocumentTheVisitEndpointsInOpenApi() {
        String api = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(api).contains("/api/v1/offices/{officeId}/visits", "/api/v1/offices/{officeId}/queue",
                "/api/v1/officers/{officerId}/next", "/api/v1/visits/{id}/transfer", "/api/v1/visits/{id}/history",
                "videomote.visits.priority-lead");
    }

    private static String ticket(String office, AgencyRef agency) {
        // 23:59 is after the fixture office's closing time: the desk issues the ticket anyway.
        return create(office, desk(office), body(agency.code(), "svc-a", "afterHours", true)).then().statusCode(201).extract()
                .path("ticket");
    }
}
