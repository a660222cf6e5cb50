package se.servicekontor.videomote.visits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/**
 * Model-based test of visits: random sequences of operations (tickets, "next", every transition by every kind of
 * actor, room and presence changes, time passing) run against the service over HTTP and against a small model of
 * the contract. After every operation the answer's status, the "next" pick, the ticket, the database rows of visits,
 * rooms and officers and the queue's order must equal the model's. No answer may be a 5xx.
 *
 * <p>jqwik cannot run inside a {@code @QuarkusTest}, so {@link VisitStateMachineTest} starts the service and runs
 * this class with the jqwik engine (shrinking included). The class name keeps Surefire from running it alone.
 */
class VisitStateMachineProperties {

    /** The service's clock, handed over by {@link VisitStateMachineTest}. */
    static volatile TestClock clock;

    /** The configured lead of PRIORITY visits. */
    private static final Duration LEAD = ConfigProvider.getConfig().getValue("videomote.visits.priority-lead",
            Duration.class);
    /** Time per operation; as long as it does not divide the lead, no two visits ever rank equal. */
    private static final Duration STEP = LEAD.toSeconds() % 67 != 0 ? Duration.ofSeconds(67) : Duration.ofSeconds(71);
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    /**
     * Rows of the three waiting counters (per agency, per service, per need) that differ from a recount of the
     * office's WAITING visits, in either direction; their triggers must keep them exact through every transition.
     */
    private static final String COUNTERS_OFF = """
            WITH recount AS (
                SELECT 'q' AS k, agency_code, '' AS service_code, '' AS language, false AS interpreter, count(*) AS n
                  FROM visit WHERE office_id = ? AND status = 'WAITING' GROUP BY agency_code
                UNION ALL
                SELECT 's', agency_code, service_code, '', false, count(*)
                  FROM visit WHERE office_id = ? AND status = 'WAITING' GROUP BY agency_code, service_code
                UNION ALL
                SELECT 'n', agency_code, service_code, coalesce(language, ''), interpreter, count(*)
                  FROM visit WHERE office_id = ? AND status = 'WAITING'
                 GROUP BY agency_code, service_code, coalesce(language, ''), interpreter
            ), counters AS (
                SELECT 'q' AS k, agency_code, '' AS service_code, '' AS language, false AS interpreter,
                       waiting::bigint AS n
                  FROM visit_queue_count WHERE office_id = ? AND waiting <> 0
                UNION ALL
                SELECT 's', agency_code, service_code, '', false, waiting
                  FROM visit_service_count WHERE office_id = ? AND waiting <> 0
                UNION ALL
                SELECT 'n', agency_code, service_code, language, interpreter, waiting
                  FROM visit_need_count WHERE office_id = ? AND waiting <> 0
            )
            SELECT (SELECT count(*) FROM (SELECT * FROM recount EXCEPT ALL SELECT * FROM counters) missing)
                 + (SELECT count(*) FROM (SELECT * FROM counters EXCEPT ALL SELECT * FROM recount) extra)""";

    enum Who {
        SERVING, DESK, OTHER_OFFICER, OTHER_AGENCY
    }

    sealed interface Op permits Issue, Next, Act, Transfer, SetRoom, SetPresence, Wait {
    }

    record Issue(int agency, String service, int language, boolean priority, boolean kiosk) implements Op {
    }

    record Next(int officer) implements Op {
    }

    record Act(String action, int visit, Who who) implements Op {
    }

    record Transfer(int visit, int agency, String service, Who who) implements Op {
    }

    record SetRoom(int room, String status) implements Op {
    }

    record SetPresence(int officer, String presence) implements Op {
    }

    record Wait(int steps) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> issue = Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.of("svc-a", "svc-b"),
                Arbitraries.integers().between(0, 2), Arbitraries.of(false, true), Arbitraries.of(false, true))
                .as(Issue::new);
        Arbitrary<Op> next = Arbitraries.integers().between(0, 2).map(Next::new);
        Arbitrary<Op> act = Combinators.combine(Arbitraries.of("start", "complete", "no-show", "requeue", "cancel"),
                Arbitraries.integers().between(0, 40), Arbitraries.of(Who.class)).as(Act::new);
        Arbitrary<Op> transfer = Combinators.combine(Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 1), Arbitraries.of("svc-a", "svc-b"), Arbitraries.of(Who.class))
                .as(Transfer::new);
        Arbitrary<Op> room = Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.of("AVAILABLE", "CLEANING", "OUT_OF_SERVICE")).as(SetRoom::new);
        Arbitrary<Op> presence = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of("AVAILABLE", "AWAY")).as(SetPresence::new);
        Arbitrary<Op> wait = Arbitraries.integers().between(1, 25).map(Wait::new);
        return Arbitraries.frequencyOf(Tuple.of(5, issue), Tuple.of(5, next), Tuple.of(7, act), Tuple.of(2, transfer),
                Tuple.of(1, room), Tuple.of(1, presence), Tuple.of(1, wait)).list().ofMinSize(1).ofMaxSize(22);
    }

    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED)
    void serviceAgreesWithTheModel(@ForAll("operations") List<Op> ops) {
        if (clock == null) {
            throw new IllegalStateException("Run through VisitStateMachineTest: it starts the service");
        }
        World world = new World();
        Instant t0 = VisitFixtures.nextMorning();
        Instant now = t0;
        try {
            for (Op op : ops) {
                now = now.plus(op instanceof Wait w ? STEP.multipliedBy(w.steps()) : STEP);
                clock.pin(now);
                world.apply(op, now);
                world.compare(op);
            }
        } finally {
            clock.reset();
        }
    }

    // --- the model -------------------------------------------------------------------------------------------

    /** One office with two agencies, two rooms and three officers, both as created in the service and as modelled. */
    static final class World {
        final List<AgencyRef> agencies = List.of(VisitFixtures.agency(), VisitFixtures.agency());
        final String office = VisitFixtures.office(agencies.get(0).code(), agencies.get(1).code());
        final List<UUID> roomIds = VisitFixtures.rooms(office, 2);
        final List<MOfficer> officers = List.of(
                new MOfficer(0, List.of("sv"), List.of("svc-a", "svc-b")),
                new MOfficer(0, List.of("sv", "ar"), List.of("svc-a")),
                new MOfficer(1, List.of("sv"), List.of("svc-a", "svc-b")));
        final String[] rooms = { "AVAILABLE", "AVAILABLE" };
        final List<MVisit> visits = new ArrayList<>();
        final Map<String, Integer> tickets = new HashMap<>();

        World() {
            for (MOfficer o : officers) {
                o.id = VisitFixtures.officer(agencies.get(o.agency), o.languages, o.services);
            }
        }

        String agencyCode(int agency) {
            return agencies.get(agency).code();
        }

        void apply(Op op, Instant now) {
            if (op instanceof Issue i) {
                issue(i, now);
            } else if (op instanceof Next n) {
                next(officers.get(n.officer()));
            } else if (op instanceof Act a && !visits.isEmpty()) {
                act(a, visits.get(a.visit() % visits.size()), now);
            } else if (op instanceof Transfer t && !visits.isEmpty()) {
                transfer(t, visits.get(t.visit() % visits.size()));
            } else if (op instanceof SetRoom r) {
                setRoom(r);
            } else if (op instanceof SetPresence p) {
                setPresence(p);
            }
        }

        private void issue(Issue i, Instant now) {
            var body = VisitFixtures.body(agencyCode(i.agency()), i.service(), "priority",
                    i.priority() ? "PRIORITY" : "NORMAL", "visitorName", "Model Visitor");
            if (i.language() > 0) {
                body.put("language", "ar");
                body.put("interpreter", i.language() == 2);
            }
            Response r = VisitFixtures.create(office, i.kiosk() ? Tokens.kiosk(office) : Tokens.desk(office), body);
            if (i.kiosk() && i.priority()) {
                expect(r, 403, i + ": only the desk gives priority");
                return;
            }
            if (!java.time.LocalTime.ofInstant(now, ZONE).isBefore(java.time.LocalTime.of(23, 59))) {
                expect(r, 409, i + ": the office closes at 23:59");
                return;
            }
            String language = i.language() > 0 ? "ar" : null;
            boolean servable = officers.stream().anyMatch(o -> o.agency == i.agency()
                    && (o.presence.equals("AVAILABLE") || o.presence.equals("BUSY")) && o.services.contains(i.service())
                    && (language == null || o.languages.contains(language)
                            || (i.language() == 2 && o.languages.contains("sv"))));
            if (i.kiosk() && !servable) {
                expect(r, 409, i + ": a kiosk refuses what nobody on duty can serve");
                return;
            }
            expect(r, 201, i);
            assertThat(r.jsonPath().getBoolean("servable")).as("servable %s", i).isEqualTo(servable);
            String key = i.agency() + " " + LocalDate.ofInstant(now, ZONE);
            int number = tickets.merge(key, 1, Integer::sum);
            assertThat(r.jsonPath().getString("ticket")).as("ticket of %s", i)
                    .isEqualTo(agencies.get(i.agency()).ticketPrefix() + "%03d".formatted(number));
            assertThat(r.jsonPath().getString("visitorName")).as("name to a kiosk")
                    .isEqualTo(i.kiosk() ? null : "Model Visitor");
            MVisit v = new MVisit();
            v.id = UUID.fromString(r.jsonPath().getString("id"));
            v.agency = i.agency();
            v.service = i.service();
            v.language = i.language() > 0 ? "ar" : null;
            v.interpreter = i.language() == 2;
            v.rank = i.priority() ? now.minus(LEAD) : now;
            v.issued = now;
            v.status = "WAITING";
            visits.add(v);
        }

        private boolean mayServe(MOfficer o, MVisit v) {
            return v.status.equals("WAITING") && v.agency == o.agency && o.services.contains(v.service)
                    && (v.language == null || o.languages.contains(v.language)
                            || (v.interpreter && o.languages.contains("sv")));
        }

        private void next(MOfficer o) {
            Response r = VisitFixtures.next(o.id, agencyCode(o.agency));
            if (!o.presence.equals("AVAILABLE")) {
                expect(r, 409, "next by " + o.presence);
                return;
            }
            boolean roomFree = rooms[0].equals("AVAILABLE") || rooms[1].equals("AVAILABLE");
            MVisit best = visits.stream().filter(v -> mayServe(o, v)).min(Comparator.comparing(v -> v.rank))
                    .orElse(null);
            if (best == null || !roomFree) {
                expect(r, 204, "next with nobody eligible where a room is free");
                return;
            }
            expect(r, 200, "next");
            assertThat(r.jsonPath().getString("visit.id")).as("the visit next should call").isEqualTo(best.id.toString());
            int room = roomIds.indexOf(UUID.fromString(r.jsonPath().getString("room.id")));
            assertThat(room).as("a room of the office").isNotNegative();
            assertThat(rooms[room]).as("the room called to").isEqualTo("AVAILABLE");
            rooms[room] = "RESERVED";
            best.status = "CALLED";
            best.officer = o;
            best.room = room;
            o.presence = "BUSY";
        }

        /** The officer acting for {@code who} on {@code v}; null for the desk. */
        private MOfficer actor(Who who, MVisit v) {
            return switch (who) {
                case DESK -> null;
                case SERVING -> v.officer != null ? v.officer
                        : officers.stream().filter(o -> o.agency == v.agency).findFirst().orElseThrow();
                case OTHER_OFFICER -> officers.stream().filter(o -> o.agency == v.agency && o != v.officer).findFirst()
                        .orElseGet(() -> officers.stream().filter(o -> o.agency != v.agency).findFirst().orElseThrow());
                case OTHER_AGENCY -> officers.stream().filter(o -> o.agency != v.agency).findFirst().orElseThrow();
            };
        }

        private static final Map<String, Set<String>> FROM = Map.of(
                "start", Set.of("CALLED"), "complete", Set.of("IN_MEETING"), "no-show", Set.of("CALLED"),
                "requeue", Set.of("CALLED"), "cancel", Set.of("WAITING", "CALLED"),
                "transfer", Set.of("WAITING", "CALLED", "IN_MEETING"));

        private String token(MOfficer officer) {
            return officer == null ? Tokens.desk(office) : Tokens.officer(officer.id, agencyCode(officer.agency));
        }

        private void act(Act a, MVisit v, Instant now) {
            MOfficer officer = actor(a.who(), v);
            Response r = VisitFixtures.act(v.id, a.action(), token(officer));
            boolean officerOnly = a.action().equals("start") || a.action().equals("complete");
            boolean deskOnly = a.action().equals("cancel");
            if ((officer == null && officerOnly) || (officer != null && deskOnly)) {
                expect(r, 403, a);
            } else if (officer != null && officer.agency != v.agency) {
                expect(r, 404, a);
            } else if (a.action().equals("start") && v.status.equals("IN_MEETING") && officer == v.officer) {
                expect(r, 200, a + " again: it is started"); // started by the video, or pressed twice
            } else if (a.action().equals("requeue") && v.status.equals("NO_SHOW")) {
                if (officer != null) {
                    expect(r, 403, a + " of a no-show by an officer");
                } else if (!LocalDate.ofInstant(v.issued, ZONE).equals(LocalDate.ofInstant(now, ZONE))) {
                    expect(r, 409, a + " of a no-show of an earlier day");
                } else {
                    expect(r, 200, a + " of a no-show by the desk");
                    v.status = "WAITING";
                    v.officer = null;
                    v.room = null;
                }
            } else if (!FROM.get(a.action()).contains(v.status)) {
                expect(r, 409, a + " on " + v.status);
            } else if (officer != null && officer != v.officer) {
                expect(r, 403, a + " by a colleague");
            } else {
                expect(r, 200, a);
                String from = v.status;
                v.status = switch (a.action()) {
                    case "start" -> "IN_MEETING";
                    case "complete" -> "COMPLETED";
                    case "no-show" -> "NO_SHOW";
                    case "requeue" -> "WAITING";
                    default -> "CANCELLED";
                };
                if (v.status.equals("IN_MEETING")) {
                    rooms[v.room] = "OCCUPIED";
                } else {
                    release(v, from);
                }
                if (v.status.equals("WAITING")) {
                    v.officer = null;
                    v.room = null;
                }
            }
        }

        private void release(MVisit v, String from) {
            if (from.equals("CALLED") || from.equals("IN_MEETING")) {
                rooms[v.room] = "AVAILABLE"; // the office has no cleaning buffer
                v.officer.presence = "AVAILABLE";
            }
        }

        private void transfer(Transfer t, MVisit v) {
            MOfficer officer = actor(t.who(), v);
            Response r = VisitFixtures.transfer(v.id, token(officer), agencyCode(t.agency()), t.service());
            if (officer != null && officer.agency != v.agency) {
                expect(r, 404, t);
            } else if (!FROM.get("transfer").contains(v.status)) {
                expect(r, 409, t + " on " + v.status);
            } else if (t.agency() == v.agency && t.service().equals(v.service)) {
                expect(r, 409, t + " to where it already is");
            } else if (officer != null && officer != v.officer) {
                expect(r, 403, t + " by a colleague");
            } else {
                expect(r, 200, t);
                release(v, v.status);
                v.status = "WAITING";
                v.agency = t.agency();
                v.service = t.service();
                v.officer = null;
                v.room = null;
            }
        }

        private void setRoom(SetRoom s) {
            Response r = given().auth().oauth2(Tokens.desk(office)).contentType(ContentType.JSON)
                    .body(Map.of("status", s.status()))
                    .put("/api/v1/offices/" + office + "/rooms/" + roomIds.get(s.room()) + "/status");
            if (rooms[s.room()].equals("RESERVED") || rooms[s.room()].equals("OCCUPIED")) {
                expect(r, 409, s + " while " + rooms[s.room()]);
            } else {
                expect(r, 200, s);
                rooms[s.room()] = s.status();
            }
        }

        private void setPresence(SetPresence s) {
            MOfficer o = officers.get(s.officer());
            Response r = given().auth().oauth2(token(o)).contentType(ContentType.JSON)
                    .body(Map.of("presence", s.presence())).put("/api/v1/officers/" + o.id + "/presence");
            if (o.presence.equals("BUSY")) {
                expect(r, 409, s + " while BUSY");
            } else {
                expect(r, 200, s);
                o.presence = s.presence();
            }
        }

        private static void expect(Response r, int status, Object what) {
            assertThat(r.statusCode()).as("no 5xx for %s: %s", what, r.asString()).isLessThan(500);
            assertThat(r.statusCode()).as("status for %s: %s", what, r.asString()).isEqualTo(status);
        }

        /** The database and the queue agree with the model. */
        void compare(Op op) {
            Map<Object, Map<String, Object>> rows = new HashMap<>();
            for (var row : Sql.rows("SELECT id, status, agency_code, service_code, officer_id, room_id FROM visit "
                    + "WHERE office_id = ?", office)) {
                rows.put(row.get("id"), row);
            }
            assertThat(rows).as("visits after %s", op).hasSize(visits.size());
            for (MVisit v : visits) {
                var row = rows.get(v.id);
                assertThat(row.get("status")).as("status of a visit after %s", op).isEqualTo(v.status);
                assertThat(row.get("agency_code")).as("agency after %s", op).isEqualTo(agencyCode(v.agency));
                assertThat(row.get("service_code")).as("service after %s", op).isEqualTo(v.service);
                assertThat(row.get("officer_id")).as("officer after %s", op)
                        .isEqualTo(v.officer == null ? null : v.officer.id);
                assertThat(row.get("room_id")).as("room after %s", op)
                        .isEqualTo(v.room == null ? null : roomIds.get(v.room));
            }
            Map<Object, Object> states = new HashMap<>();
            for (var row : Sql.rows("SELECT id, status AS state FROM room WHERE office_id = ? UNION ALL "
                    + "SELECT id, presence FROM case_officer WHERE id IN (?, ?, ?)", office, officers.get(0).id,
                    officers.get(1).id, officers.get(2).id)) {
                states.put(row.get("id"), row.get("state"));
            }
            for (int i = 0; i < roomIds.size(); i++) {
                assertThat(states.get(roomIds.get(i))).as("room %d after %s", i, op).isEqualTo(rooms[i]);
            }
            for (MOfficer o : officers) {
                assertThat(states.get(o.id)).as("presence after %s", op).isEqualTo(o.presence);
            }
            Response queue = given().auth().oauth2(Tokens.desk(office)).get("/api/v1/offices/" + office + "/queue");
            expect(queue, 200, "queue");
            for (int agency = 0; agency < agencies.size(); agency++) {
                int a = agency;
                List<String> expected = visits.stream().filter(v -> v.status.equals("WAITING") && v.agency == a)
                        .sorted(Comparator.comparing(v -> v.rank)).map(v -> v.id.toString()).toList();
                List<String> actual = queue.jsonPath().getList("waiting.findAll { it.agency == '" + agencyCode(a)
                        + "' }.id");
                assertThat(actual).as("line of agency %d after %s", a, op).isEqualTo(expected);
                assertThat(queue.jsonPath().getInt("agencies.find { it.agency == '" + agencyCode(a) + "' }.waiting"))
                        .as("waiting count after %s", op).isEqualTo(expected.size());
            }
            assertThat(Sql.count(COUNTERS_OFF, office, office, office, office, office, office))
                    .as("waiting counters that differ from a recount of the office's visits after %s", op).isZero();
        }
    }

    static final class MOfficer {
        final int agency;
        final List<String> languages;
        final List<String> services;
        UUID id;
        String presence = "AVAILABLE";

        MOfficer(int agency, List<String> languages, List<String> services) {
            this.agency = agency;
            this.languages = languages;
            this.services = services;
        }
    }

    static final class MVisit {
        UUID id;
        int agency;
        String service;
        String language;
        boolean interpreter;
        Instant rank;
        Instant issued;
        String status;
        MOfficer officer;
        Integer room;
    }
}
