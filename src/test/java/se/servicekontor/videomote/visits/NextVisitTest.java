package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static se.servicekontor.videomote.visits.VisitFixtures.act;
import static se.servicekontor.videomote.visits.VisitFixtures.agency;
import static se.servicekontor.videomote.visits.VisitFixtures.called;
import static se.servicekontor.videomote.visits.VisitFixtures.desk;
import static se.servicekontor.videomote.visits.VisitFixtures.next;
import static se.servicekontor.videomote.visits.VisitFixtures.office;
import static se.servicekontor.videomote.visits.VisitFixtures.officer;
import static se.servicekontor.videomote.visits.VisitFixtures.officerToken;
import static se.servicekontor.videomote.visits.VisitFixtures.roomOf;
import static se.servicekontor.videomote.visits.VisitFixtures.roomStatus;
import static se.servicekontor.videomote.visits.VisitFixtures.rooms;
import static se.servicekontor.videomote.visits.VisitFixtures.status;
import static se.servicekontor.videomote.visits.VisitFixtures.visit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;
import se.servicekontor.videomote.visits.VisitRecords.VisitView;

@QuarkusTest
class NextVisitTest {

    @Inject
    TestClock clock;

    @Inject
    VisitService visits;

    @Inject
    Db db;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private Instant pinned() {
        Instant at = VisitFixtures.nextMorning();
        clock.pin(at);
        return at;
    }

    /** Calls next, then ends the meeting, and returns the visit called. */
    private static UUID serve(UUID officer, AgencyRef agency) {
        UUID id = called(officer, agency.code());
        act(id, "start", officerToken(officer, agency.code())).then().statusCode(200);
        act(id, "complete", officerToken(officer, agency.code())).then().statusCode(200);
        return id;
    }

    @Test
    void shouldServePriorityFirstButNeverLetLaterPriorityVisitsOvertakeANormalVisitThatWaitedTheLead() {
        var a = agency();
        String office = office(a.code());
        rooms(office, 1);
        UUID officer = officer(a);
        Instant t0 = pinned();
        UUID n1 = visit(office, a.code(), "svc-a");
        clock.pin(t0.plus(Duration.ofMinutes(5)));
        UUID p1 = visit(office, a.code(), "svc-a", "priority", "PRIORITY");
        clock.pin(t0.plus(Duration.ofMinutes(19)));
        UUID p2 = visit(office, a.code(), "svc-a", "priority", "PRIORITY");
        // n1 has now waited longer than the 20 minute lead: a PRIORITY visit arriving now queues behind it.
        clock.pin(t0.plus(Duration.ofMinutes(21)));
        UUID p3 = visit(office, a.code(), "svc-a", "priority", "PRIORITY");
        clock.pin(t0.plus(Duration.ofMinutes(22)));
        UUID n2 = visit(office, a.code(), "svc-a");

        given().auth().oauth2(desk(office)).get("/api/v1/offices/" + office + "/queue").then().statusCode(200)
                .body("waiting.id", equalTo(List.of(p1, p2, n1, p3, n2).stream().map(UUID::toString).toList()))
                .body("waiting.position", equalTo(List.of(1, 2, 3, 4, 5)));
        List<UUID> served = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            served.add(serve(officer, a));
        }
        assertThat(served).containsExactly(p1, p2, n1, p3, n2);
        next(officer, a.code()).then().statusCode(204);
    }

    @Test
    void shouldMatchLanguagesAndLetAnInterpreterMeetingGoToASwedishSpeakingOfficer() {
        var a = agency();
        String office = office(a.code());
        rooms(office, 2);
        UUID swedish = officer(a, List.of("sv"), a.services());
        UUID arabic = officer(a, List.of("sv", "ar"), a.services());
        UUID english = officer(a, List.of("en"), a.services());
        Instant t0 = pinned();
        UUID inArabic = visit(office, a.code(), "svc-a", "language", "ar");
        clock.pin(t0.plusSeconds(60));
        UUID withInterpreter = visit(office, a.code(), "svc-a", "language", "ar", "interpreter", true);
        clock.pin(t0.plusSeconds(120));
        UUID anyLanguage = visit(office, a.code(), "svc-a");

        // The English-only officer cannot hold a Swedish interpreter meeting nor speak Arabic: only the open visit.
        assertThat(serve(english, a)).isEqualTo(anyLanguage);
        next(english, a.code()).then().statusCode(204);
        // Skips the Arabic visit that came first; takes the interpreter one.
        assertThat(serve(swedish, a)).isEqualTo(withInterpreter);
        next(swedish, a.code()).then().statusCode(204);
        assertThat(status(inArabic)).isEqualTo("WAITING");
        assertThat(serve(arabic, a)).isEqualTo(inArabic);
    }

    @Test
    void shouldOnlyCallVisitsForServicesTheOfficerHandles() {
        var a = agency();
        String office = office(a.code());
        rooms(office, 1);
        UUID onlyB = officer(a, List.of("sv"), List.of("svc-b"));
        Instant t0 = pinned();
        UUID forA = visit(office, a.code(), "svc-a");
        clock.pin(t0.plusSeconds(1));
        UUID forB = visit(office, a.code(), "svc-b");
        assertThat(serve(onlyB, a)).isEqualTo(forB);
        next(onlyB, a.code()).then().statusCode(204);
        assertThat(status(forA)).isEqualTo("WAITING");
    }

    @Test
    void shouldCallFromAnyOfficeWithAFreeRoomAndOnlyThere() {
        var a = agency();
        String busy = office(a.code());
        String quiet = office(a.code());
        UUID busyRoom = rooms(busy, 1).get(0);
        UUID quietRoom = rooms(quiet, 1).get(0);
        UUID first = officer(a);
        UUID second = officer(a);
        UUID third = officer(a);
        Instant t0 = pinned();
        UUID x1 = visit(busy, a.code(), "svc-a");
        clock.pin(t0.plusSeconds(10));
        UUID x2 = visit(busy, a.code(), "svc-a");
        clock.pin(t0.plusSeconds(20));
        UUID y1 = visit(quiet, a.code(), "svc-a");

        assertThat(called(first, a.code())).isEqualTo(x1);
        assertThat(roomOf(x1)).isEqualTo(busyRoom);
        // x2 waits longer than y1, but its office has no free room left.
        assertThat(called(second, a.code())).isEqualTo(y1);
        assertThat(roomOf(y1)).isEqualTo(quietRoom);
        next(third, a.code()).then().statusCode(204);
        assertThat(status(x2)).isEqualTo("WAITING");
        act(x1, "no-show", officerToken(first, a.code())).then().statusCode(200);
        assertThat(called(third, a.code())).isEqualTo(x2);
    }

    /**
     * Concurrent calls hold rows: the first office's room, and the heads of the lines at the next sixteen offices (a
     * whole round of candidates and the first office of the next). "Next" passes over all of them, in one statement
     * per round, and calls the first visit nobody holds; the visits passed over are still waiting, and the first of
     * them is called as soon as its office's room is free again.
     */
    @Test
    void shouldCallPastTheVisitsAndRoomsConcurrentCallsHoldAndLeaveThemWaiting() throws Exception {
        var a = agency();
        int n = NextVisitService.CANDIDATE_OFFICES + 2;
        Instant t0 = pinned();
        List<UUID> heads = new ArrayList<>();
        List<UUID> roomsOf = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String office = office(a.code());
            roomsOf.add(rooms(office, 1).get(0));
            clock.pin(t0.plusSeconds(i));
            heads.add(visit(office, a.code(), "svc-a"));
        }
        UUID first = officer(a);
        UUID second = officer(a);
        try (Connection other = Sql.connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement(
                    "SELECT (SELECT count(*) FROM (SELECT 1 FROM room WHERE id = ? FOR UPDATE) r)"
                            + " + (SELECT count(*) FROM (SELECT 1 FROM visit WHERE id = ANY (?) FOR UPDATE) v)")) {
                lock.setObject(1, roomsOf.get(0));
                lock.setArray(2, other.createArrayOf("uuid", heads.subList(1, n - 1).toArray()));
                try (ResultSet rs = lock.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(n - 1);
                }
            }
            assertThat(called(first, a.code())).isEqualTo(heads.get(n - 1));
            assertThat(roomOf(heads.get(n - 1))).isEqualTo(roomsOf.get(n - 1));
            for (UUID passed : heads.subList(0, n - 1)) {
                assertThat(status(passed)).isEqualTo("WAITING");
            }
            other.rollback();
        }
        assertThat(called(second, a.code())).isEqualTo(heads.get(0));
        assertThat(roomOf(heads.get(0))).isEqualTo(roomsOf.get(0));
    }

    @Test
    void shouldRefuseNextWhileTheOfficerHoldsAVisitOrIsNotAvailable() {
        var a = agency();
        String office = office(a.code());
        rooms(office, 2);
        UUID officer = officer(a);
        UUID held = visit(office, a.code(), "svc-a");
        UUID other = visit(office, a.code(), "svc-a");
        assertThat(called(officer, a.code())).isEqualTo(held);

        next(officer, a.code()).then().statusCode(409).contentType("application/problem+json");
        act(held, "start", officerToken(officer, a.code())).then().statusCode(200);
        next(officer, a.code()).then().statusCode(409);
        assertThat(status(other)).isEqualTo("WAITING");
        assertThat(Sql.count("SELECT count(*) FROM visit WHERE officer_id = ? AND status IN ('CALLED', 'IN_MEETING')",
                officer)).isEqualTo(1);
        // BUSY is the system's: the officer cannot go AWAY in the middle of a meeting.
        given().auth().oauth2(officerToken(officer, a.code())).contentType("application/json")
                .body("{\"presence\":\"AWAY\"}").put("/api/v1/officers/" + officer + "/presence")
                .then().statusCode(409);
        act(held, "complete", officerToken(officer, a.code())).then().statusCode(200);

        VisitFixtures.presence(officer, a.code(), "AWAY");
        next(officer, a.code()).then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("AWAY"));
        assertThat(status(other)).isEqualTo("WAITING");

        UUID stranger = UUID.randomUUID();
        given().auth().oauth2(Tokens.officer(stranger, a.code())).post("/api/v1/officers/" + stranger + "/next")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.officer(stranger, a.code())).post("/api/v1/officers/" + officer + "/next")
                .then().statusCode(403);
        for (String token : List.of(desk(office), Tokens.kiosk(office), Tokens.admin())) {
            given().auth().oauth2(token).post("/api/v1/officers/" + officer + "/next").then().statusCode(403);
        }
        given().post("/api/v1/officers/" + officer + "/next").then().statusCode(401);
        assertThat(status(other)).isEqualTo("WAITING");
    }

    /** A checked-in booking row, as the bookings feature writes one, for the visit created below. */
    private static UUID bookingRow(String office, String agency, String service, UUID room, UUID officer, Instant start,
            Instant end) {
        UUID id = UUID.randomUUID();
        String alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
        java.util.Random random = new java.util.Random();
        StringBuilder reference = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            reference.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        reference.insert(3, '-');
        Sql.update("""
                INSERT INTO booking (id, reference, office_id, agency_code, service_code, room_id, officer_id, starts_at,
                                     ends_at, status, visitor_name, created_by, created_at, updated_at, status_changed_at,
                                     checked_in_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CHECKED_IN', 'Berit Bokad', 'test', now(), now(), now(), now())""",
                id, reference.toString(), office, agency, service, room, officer,
                start.atOffset(java.time.ZoneOffset.UTC), end.atOffset(java.time.ZoneOffset.UTC));
        return id;
    }

    private VisitView checkIn(BookedArrival arrival) {
        return db.inTransaction(tx -> visits.createForBooking(tx, arrival)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void shouldGiveACheckedInBookedVisitToItsOfficerFirstInItsBookedRoom() {
        var a = agency();
        String office = office(a.code());
        List<UUID> rooms = rooms(office, 3);
        UUID booked = officer(a);
        UUID other = officer(a);
        Instant t0 = pinned();
        UUID w1 = visit(office, a.code(), "svc-a", "priority", "PRIORITY");
        clock.pin(t0.plusSeconds(1));
        UUID w2 = visit(office, a.code(), "svc-a", "priority", "PRIORITY");
        clock.pin(t0.plus(Duration.ofMinutes(10)));
        Instant start = t0.plus(Duration.ofMinutes(12));
        UUID bookingId = bookingRow(office, a.code(), "svc-b", rooms.get(2), booked, start, start.plus(Duration.ofMinutes(60)));
        VisitView view = checkIn(new BookedArrival(bookingId, office, a.code(), "svc-b", "sv", false, booked,
                rooms.get(2), start, start.plus(Duration.ofMinutes(60)), "Berit Bokad"));
        assertThat(view.status()).isEqualTo(VisitStatus.WAITING);
        assertThat(view.ticket()).startsWith(a.ticketPrefix());
        assertThat(view.booking().id()).isEqualTo(bookingId);
        assertThat(view.booking().officerId()).isEqualTo(booked);

        // The other officer never gets the held visit; the booked officer gets it before the earlier walk-ins.
        assertThat(called(other, a.code())).isEqualTo(w1);
        next(booked, a.code()).then().statusCode(200).body("visit.id", equalTo(view.id().toString()))
                .body("room.id", equalTo(rooms.get(2).toString()))
                .body("visit.booking.id", equalTo(bookingId.toString()));
        assertThat(roomStatus(rooms.get(2))).isEqualTo("RESERVED");
        assertThat(status(w2)).isEqualTo("WAITING");
        assertThat(Sql.value("SELECT created_by FROM visit WHERE id = ?", view.id())).isEqualTo("booking:" + bookingId);

        // A booking is checked in once.
        assertThatThrownBy(() -> checkIn(new BookedArrival(bookingId, office, a.code(), "svc-b", null, false, booked,
                rooms.get(2), start, start.plusSeconds(3600), null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void shouldHoldABookedVisitUntilItsTimeAndReleaseItToOthersAfterTheHold() {
        var a = agency();
        String office = office(a.code());
        List<UUID> rooms = rooms(office, 2);
        UUID booked = officer(a);
        UUID other = officer(a);
        Instant t0 = pinned();
        UUID walkIn = visit(office, a.code(), "svc-a");
        // Two hours early (a walk-in may take the agency's longest service, 60 minutes, and must end before the booking).
        Instant start = t0.plus(Duration.ofHours(2));
        UUID bookingId = bookingRow(office, a.code(), "svc-a", rooms.get(1), booked, start, start.plus(Duration.ofMinutes(30)));
        VisitView view = checkIn(new BookedArrival(bookingId, office, a.code(), "svc-a", null, false, booked,
                rooms.get(1), start, start.plus(Duration.ofMinutes(30)), null));

        // Early: the booked officer takes the walk-in, the booked visit waits for its time.
        assertThat(serve(booked, a)).isEqualTo(walkIn);
        next(other, a.code()).then().statusCode(204);
        // Its room is booked but out of service: the visit is called to another free room.
        VisitFixtures.roomStatus(office, rooms.get(1), "OUT_OF_SERVICE");
        clock.pin(start.minus(Duration.ofMinutes(5)));
        next(other, a.code()).then().statusCode(204);
        assertThat(called(booked, a.code())).isEqualTo(view.id());
        assertThat(roomOf(view.id())).isEqualTo(rooms.get(0));
        act(view.id(), "requeue", desk(office)).then().statusCode(200);

        // After the hold any officer of the agency may call it.
        VisitFixtures.presence(booked, a.code(), "AWAY");
        clock.pin(start.plus(Duration.ofMinutes(15)));
        assertThat(called(other, a.code())).isEqualTo(view.id());
    }
}
