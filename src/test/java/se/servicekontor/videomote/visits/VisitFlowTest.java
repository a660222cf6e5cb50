package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static se.servicekontor.videomote.visits.VisitFixtures.act;
import static se.servicekontor.videomote.visits.VisitFixtures.agency;
import static se.servicekontor.videomote.visits.VisitFixtures.body;
import static se.servicekontor.videomote.visits.VisitFixtures.create;
import static se.servicekontor.videomote.visits.VisitFixtures.desk;
import static se.servicekontor.videomote.visits.VisitFixtures.next;
import static se.servicekontor.videomote.visits.VisitFixtures.office;
import static se.servicekontor.videomote.visits.VisitFixtures.officer;
import static se.servicekontor.videomote.visits.VisitFixtures.officerToken;
import static se.servicekontor.videomote.visits.VisitFixtures.presence;
import static se.servicekontor.videomote.visits.VisitFixtures.roomOf;
import static se.servicekontor.videomote.visits.VisitFixtures.roomStatus;
import static se.servicekontor.videomote.visits.VisitFixtures.rooms;
import static se.servicekontor.videomote.visits.VisitFixtures.status;
import static se.servicekontor.videomote.visits.VisitFixtures.visit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;

@QuarkusTest
class VisitFlowTest {

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldServeWalkInFromTicketThroughMeetingToCompletion() {
        var a = agency();
        String office = office(a.code());
        UUID room = rooms(office, 1).get(0);
        UUID officer = officer(a);

        var first = create(office, desk(office), body(a.code(), "svc-a", "visitorName", "Anna Andersson"))
                .then().statusCode(201)
                .body("ticket", equalTo(a.ticketPrefix() + "001"))
                .body("office", equalTo(office)).body("agency", equalTo(a.code())).body("service", equalTo("svc-a"))
                .body("status", equalTo("WAITING")).body("position", equalTo(1))
                .body("estimatedWait.minMinutes", equalTo(0))
                .body("estimatedWait.maxMinutes", greaterThanOrEqualTo(1))
                .body("visitorName", equalTo("Anna Andersson"))
                .extract();
        UUID firstId = UUID.fromString(first.path("id"));
        assertThat(first.header("Location")).endsWith("/api/v1/visits/" + firstId);
        create(office, desk(office), body(a.code(), "svc-b")).then().statusCode(201)
                .body("ticket", equalTo(a.ticketPrefix() + "002")).body("position", equalTo(2));

        next(officer, a.code()).then().statusCode(200)
                .body("visit.id", equalTo(firstId.toString()))
                .body("visit.status", equalTo("CALLED"))
                .body("visit.officer.id", equalTo(officer.toString()))
                .body("visit.room.id", equalTo(room.toString()))
                .body("room.id", equalTo(room.toString())).body("room.name", equalTo("Rum 1"));
        assertThat(roomStatus(room)).isEqualTo("RESERVED");
        assertThat(presence(officer)).isEqualTo("BUSY");

        given().auth().oauth2(officerToken(officer, a.code())).get("/api/v1/visits/" + firstId)
                .then().statusCode(200).body("visitorName", equalTo("Anna Andersson"))
                .body("position", nullValue()).body("calledAt", notNullValue());

        act(firstId, "start", officerToken(officer, a.code())).then().statusCode(200)
                .body("status", equalTo("IN_MEETING")).body("startedAt", notNullValue());
        assertThat(roomStatus(room)).isEqualTo("OCCUPIED");

        act(firstId, "complete", officerToken(officer, a.code())).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("endedAt", notNullValue())
                .body("room.id", equalTo(room.toString()));
        assertThat(roomStatus(room)).isEqualTo("AVAILABLE");
        assertThat(presence(officer)).isEqualTo("AVAILABLE");

        assertThat(Sql.rows("SELECT action, from_status, to_status, officer_id, room_id FROM visit_transition "
                + "WHERE visit_id = ? ORDER BY id", firstId)).extracting(r -> r.get("action"))
                .containsExactly("ISSUED", "CALLED", "STARTED", "COMPLETED");
        given().auth().oauth2(desk(office)).get("/api/v1/visits/" + firstId + "/history").then().statusCode(200)
                .body("action", equalTo(List.of("ISSUED", "CALLED", "STARTED", "COMPLETED")))
                .body("[1].officerId", equalTo(officer.toString())).body("[1].roomId", equalTo(room.toString()))
                .body("[3].from", equalTo("IN_MEETING")).body("[3].to", equalTo("COMPLETED"));
    }

    @Test
    void shouldRaiseLiveEventsWithoutNamesOnTheDisplayStream() {
        var a = agency();
        String office = office(a.code());
        rooms(office, 1);
        UUID officer = officer(a);
        UUID id = visit(office, a.code(), "svc-a", "visitorName", "Zlatan Svensson-Unikt");
        next(officer, a.code()).then().statusCode(200);
        act(id, "start", officerToken(officer, a.code())).then().statusCode(200);
        act(id, "complete", officerToken(officer, a.code())).then().statusCode(200);

        var display = Sql.rows("SELECT type, data::text AS data FROM live_message WHERE stream = ? ORDER BY seq",
                "display:" + office);
        assertThat(display).extracting(r -> r.get("type")).contains("visit.created", "visit.called",
                "visit.started", "visit.completed", "queue.summary");
        assertThat(display).allSatisfy(r -> assertThat((String) r.get("data")).doesNotContain("Zlatan")
                .doesNotContain("visitorName"));
        var deskEvents = Sql.rows("SELECT type, data::text AS data FROM live_message WHERE stream = ? ORDER BY seq",
                "desk:" + office);
        assertThat(deskEvents).extracting(r -> r.get("type")).contains("visit.created", "visit.called",
                "room.status", "queue.summary");
        assertThat(deskEvents).anySatisfy(r -> assertThat((String) r.get("data")).contains("Zlatan"));
        assertThat(Sql.rows("SELECT type FROM live_message WHERE stream = ? ORDER BY seq", "officer:" + officer))
                .extracting(r -> r.get("type"))
                .containsSubsequence("officer.presence", "visit.called", "officer.presence", "visit.started",
                        "visit.completed", "officer.presence");
    }

    @Test
    void shouldCleanRoomForTheOfficeBufferThenMakeItAvailableByItself() {
        var a = agency();
        String office = office(5, a.code());
        UUID room = rooms(office, 1).get(0);
        UUID officer = officer(a);
        UUID first = visit(office, a.code(), "svc-a");
        UUID second = visit(office, a.code(), "svc-a");
        Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
        clock.pin(start);
        assertThat(VisitFixtures.called(officer, a.code())).isEqualTo(first);
        act(first, "start", officerToken(officer, a.code())).then().statusCode(200);
        act(first, "complete", officerToken(officer, a.code())).then().statusCode(200);
        assertThat(roomStatus(room)).isEqualTo("CLEANING");
        assertThat(VisitFixtures.instant(Sql.value("SELECT cleaning_until FROM room WHERE id = ?", room)))
                .isEqualTo(start.plus(Duration.ofMinutes(5)));

        // The only room is being cleaned: nobody can be called, and the room never is.
        next(officer, a.code()).then().statusCode(204);
        assertThat(status(second)).isEqualTo("WAITING");

        clock.pin(start.plus(Duration.ofMinutes(5)).plusSeconds(1));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "AVAILABLE".equals(roomStatus(room)));
        assertThat(Sql.value("SELECT cleaning_until FROM room WHERE id = ?", room)).isNull();
        assertThat(VisitFixtures.called(officer, a.code())).isEqualTo(second);
        assertThat(roomOf(second)).isEqualTo(room);
    }

    @Test
    void shouldNeverCallToRoomsOutOfServiceOrBeingCleaned() {
        var a = agency();
        String office = office(a.code());
        List<UUID> rooms = rooms(office, 3);
        roomStatus(office, rooms.get(0), "OUT_OF_SERVICE");
        roomStatus(office, rooms.get(1), "CLEANING");
        UUID officer = officer(a);
        UUID second = officer(a);
        UUID v1 = visit(office, a.code(), "svc-a");
        UUID v2 = visit(office, a.code(), "svc-a");

        assertThat(VisitFixtures.called(officer, a.code())).isEqualTo(v1);
        assertThat(roomOf(v1)).isEqualTo(rooms.get(2));
        next(second, a.code()).then().statusCode(204);
        assertThat(status(v2)).isEqualTo("WAITING");
        assertThat(roomStatus(rooms.get(0))).isEqualTo("OUT_OF_SERVICE");
        assertThat(roomStatus(rooms.get(1))).isEqualTo("CLEANING");

        // A desk cannot take a room a visit holds out of service.
        given().auth().oauth2(desk(office)).contentType("application/json")
                .body(Map.of("status", "OUT_OF_SERVICE"))
                .put("/api/v1/offices/" + office + "/rooms/" + rooms.get(2) + "/status")
                .then().statusCode(409);
        roomStatus(office, rooms.get(1), "AVAILABLE");
        assertThat(VisitFixtures.called(second, a.code())).isEqualTo(v2);
        assertThat(roomOf(v2)).isEqualTo(rooms.get(1));
    }

    @Test
    void shouldKeepPlaceInLineWhenRequeued() {
        var a = agency();
        String office = office(a.code());
        rooms(office, 1);
        UUID officer = officer(a);
        UUID v1 = visit(office, a.code(), "svc-a");
        UUID v2 = visit(office, a.code(), "svc-a");
        UUID v3 = visit(office, a.code(), "svc-a");
        assertThat(VisitFixtures.called(officer, a.code())).isEqualTo(v1);

        act(v1, "requeue", officerToken(officer, a.code())).then().statusCode(200)
                .body("status", equalTo("WAITING")).body("position", equalTo(1))
                .body("officer", nullValue()).body("room", nullValue());
        assertThat(presence(officer)).isEqualTo("AVAILABLE");
        given().auth().oauth2(desk(office)).get("/api/v1/offices/" + office + "/queue").then().statusCode(200)
                .body("waiting.id", equalTo(List.of(v1.toString(), v2.toString(), v3.toString())))
                .body("waiting.position", equalTo(List.of(1, 2, 3)));
        assertThat(VisitFixtures.called(officer, a.code())).isEqualTo(v1);

        // The desk can requeue too.
        act(v1, "requeue", desk(office)).then().statusCode(200).body("position", equalTo(1));
        assertThat(Sql.rows("SELECT action, actor_role FROM visit_transition WHERE visit_id = ? ORDER BY id", v1))
                .extracting(r -> r.get("action") + "/" + r.get("actor_role"))
                .containsExactly("ISSUED/desk", "CALLED/officer", "REQUEUED/officer", "CALLED/officer",
                        "REQUEUED/desk");
    }

    @Test
    void shouldTransferToAnotherAgencyWithSameTicketAndPlaceInTime() {
        var from = agency();
        var to = agency();
        String office = office(from.code(), to.code());
        rooms(office, 1);
        UUID fromOfficer = officer(from);
        UUID toOfficer = officer(to);
        Instant t0 = VisitFixtures.nextMorning();
        clock.pin(t0);
        UUID moved = visit(office, from.code(), "svc-a");
        String ticket = (String) Sql.value("SELECT ticket FROM visit WHERE id = ?", moved);
        clock.pin(t0.plus(Duration.ofMinutes(3)));
        UUID later = visit(office, to.code(), "svc-a");
        clock.pin(t0.plus(Duration.ofMinutes(4)));

        assertThat(VisitFixtures.called(fromOfficer, from.code())).isEqualTo(moved);
        act(moved, "start", officerToken(fromOfficer, from.code())).then().statusCode(200);
        VisitFixtures.transfer(moved, officerToken(fromOfficer, from.code()), to.code(), "svc-b").then()
                .statusCode(200)
                .body("status", equalTo("WAITING")).body("agency", equalTo(to.code()))
                .body("service", equalTo("svc-b")).body("ticket", equalTo(ticket))
                .body("position", equalTo(1));
        assertThat(presence(fromOfficer)).isEqualTo("AVAILABLE");
        assertThat(VisitFixtures.instant(Sql.value("SELECT queued_at FROM visit WHERE id = ?", moved)))
                .isEqualTo(t0);

        // It arrived before "later", so the other agency's officer calls it first.
        assertThat(VisitFixtures.called(toOfficer, to.code())).isEqualTo(moved);
        var transferred = Sql.rows("SELECT from_agency, from_service, agency_code, service_code, officer_id "
                + "FROM visit_transition WHERE visit_id = ? AND action = 'TRANSFERRED'", moved);
        assertThat(transferred).singleElement().satisfies(r -> {
            assertThat(r.get("from_agency")).isEqualTo(from.code());
            assertThat(r.get("from_service")).isEqualTo("svc-a");
            assertThat(r.get("agency_code")).isEqualTo(to.code());
            assertThat(r.get("officer_id")).isEqualTo(fromOfficer);
        });
        assertThat(status(later)).isEqualTo("WAITING");
    }

    @Test
    void shouldTransferWaitingVisitAtTheDeskAndRefuseAgencyTheOfficeDoesNotOffer() {
        var a = agency();
        var b = agency();
        var elsewhere = agency();
        String office = office(a.code(), b.code());
        UUID id = visit(office, a.code(), "svc-a");
        var before = VisitFixtures.snapshot(id);

        VisitFixtures.transfer(id, desk(office), elsewhere.code(), "svc-a").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("agency"));
        VisitFixtures.transfer(id, desk(office), b.code(), "no-such-service").then().statusCode(400)
                .body("errors[0].field", equalTo("service"));
        VisitFixtures.transfer(id, desk(office), a.code(), "svc-a").then().statusCode(409);
        VisitFixtures.transfer(id, desk(office), "Not A Slug", "").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("agency", "service"));
        assertThat(VisitFixtures.snapshot(id)).isEqualTo(before);

        VisitFixtures.transfer(id, desk(office), b.code(), "svc-b").then().statusCode(200)
                .body("agency", equalTo(b.code())).body("position", equalTo(1));
        assertThat(Sql.value("SELECT waiting FROM visit_queue_count WHERE office_id = ? AND agency_code = ?",
                office, a.code())).isEqualTo(0);
        assertThat(Sql.value("SELECT waiting FROM visit_queue_count WHERE office_id = ? AND agency_code = ?",
                office, b.code())).isEqualTo(1);
    }

    @Test
    void shouldEstimateWaitsFromTheOfficesRecentServiceTimesAndTheOfficersOnDuty() {
        var a = agency();
        String office = office(a.code());
        List<UUID> rooms = rooms(office, 2);
        roomStatus(office, rooms.get(1), "OUT_OF_SERVICE");
        UUID officer = officer(a);
        Instant t = VisitFixtures.nextMorning();
        clock.pin(t);
        // No history yet: the agency's stated durations (30 and 60 minutes, mean 45) for one meeting at a time.
        create(office, desk(office), body(a.code(), "svc-a")).then().statusCode(201)
                .body("estimatedWait.minMinutes", equalTo(0)).body("estimatedWait.maxMinutes", equalTo(45));
        for (int minutes : List.of(10, 10, 20, 20, 20)) {
            if (Sql.count("SELECT count(*) FROM visit WHERE office_id = ? AND status = 'WAITING'", office) == 0) {
                visit(office, a.code(), "svc-a");
            }
            UUID id = VisitFixtures.called(officer, a.code());
            t = t.plus(Duration.ofMinutes(minutes));
            clock.pin(t);
            act(id, "start", officerToken(officer, a.code())).then().statusCode(200);
            act(id, "complete", officerToken(officer, a.code())).then().statusCode(200);
        }
        // Quartiles of 10, 10, 20, 20, 20 are 10 and 20: one ahead means 10 to 40 minutes.
        visit(office, a.code(), "svc-a");
        clock.pin(t.plusSeconds(1));
        UUID second = visit(office, a.code(), "svc-b");
        given().auth().oauth2(desk(office)).get("/api/v1/visits/" + second).then().statusCode(200)
                .body("position", equalTo(2))
                .body("estimatedWait.minMinutes", equalTo(10)).body("estimatedWait.maxMinutes", equalTo(40));
        // A second officer on duty and a second room: two meetings at a time.
        officer(a);
        roomStatus(office, rooms.get(1), "AVAILABLE");
        given().auth().oauth2(desk(office)).get("/api/v1/visits/" + second).then().statusCode(200)
                .body("estimatedWait.minMinutes", equalTo(5)).body("estimatedWait.maxMinutes", equalTo(20));
        given().auth().oauth2(desk(office)).get("/api/v1/offices/" + office + "/queue").then().statusCode(200)
                .body("agencies[0].waiting", equalTo(2))
                .body("agencies[0].estimatedWait.minMinutes", equalTo(10))
                .body("agencies[0].estimatedWait.maxMinutes", equalTo(30));
    }

    @Test
    void shouldMarkNoShowAndCancelAndFreeRoomAndOfficer() {
        var a = agency();
        String office = office(a.code());
        UUID room = rooms(office, 1).get(0);
        UUID officer = officer(a);
        UUID noShow = visit(office, a.code(), "svc-a");
        UUID cancelledWhileCalled = visit(office, a.code(), "svc-a");
        UUID cancelledWhileWaiting = visit(office, a.code(), "svc-a");

        assertThat(VisitFixtures.called(officer, a.code())).isEqualTo(noShow);
        act(noShow, "no-show", officerToken(officer, a.code())).then().statusCode(200)
                .body("status", equalTo("NO_SHOW")).body("endedAt", notNullValue());
        assertThat(roomStatus(room)).isEqualTo("AVAILABLE");
        assertThat(presence(officer)).isEqualTo("AVAILABLE");

        assertThat(VisitFixtures.called(officer, a.code())).isEqualTo(cancelledWhileCalled);
        act(cancelledWhileCalled, "cancel", desk(office)).then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertThat(roomStatus(room)).isEqualTo("AVAILABLE");
        assertThat(presence(officer)).isEqualTo("AVAILABLE");

        act(cancelledWhileWaiting, "cancel", desk(office)).then().statusCode(200);
        next(officer, a.code()).then().statusCode(204);
        presence(officer, a.code(), "OFFLINE");
    }
}
