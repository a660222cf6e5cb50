package se.servicekontor.videomote.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.TestData.AgencyRef;
import se.servicekontor.videomote.testing.Tokens;

/**
 * Random visit operations (tickets, next, start, complete, no-show, requeue, transfer, cancel, time passing, over
 * midnight and DST nights) run through the real API at a pinned clock; afterwards the statistics answered from the
 * rollups must equal a recomputation from {@code visit_transition} by plain SQL ({@code percentile_disc} over whole
 * minutes), per hour and over ranges tiled by year, month and day rows.
 *
 * <p>jqwik cannot host a {@code @QuarkusTest}; {@link StatisticsRollupTest} starts the service and runs this class.
 */
class StatisticsRollupProperties {

    static volatile TestClock clock;

    sealed interface Op permits Issue, Next, Act, Transfer, Wait {
    }

    record Issue(int agency, String service, boolean interpreter) implements Op {
    }

    record Next(int officer) implements Op {
    }

    record Act(String action, int visit) implements Op {
    }

    record Transfer(int visit, int agency, String service) implements Op {
    }

    record Wait(int minutes) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> service = Arbitraries.of("svc-a", "svc-b");
        Arbitrary<Op> issue = Combinators.combine(Arbitraries.integers().between(0, 1), service,
                Arbitraries.of(true, false, false)).as(Issue::new);
        Arbitrary<Op> next = Arbitraries.integers().between(0, 2).map(Next::new);
        Arbitrary<Op> act = Combinators.combine(Arbitraries.of("start", "complete", "no-show", "requeue", "cancel"),
                Arbitraries.integers().between(0, 11)).as(Act::new);
        Arbitrary<Op> transfer = Combinators.combine(Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 1), service).as(Transfer::new);
        Arbitrary<Op> wait = Arbitraries.integers().between(0, 95).map(Wait::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, issue), net.jqwik.api.Tuple.of(4, next),
                net.jqwik.api.Tuple.of(6, act), net.jqwik.api.Tuple.of(1, transfer), net.jqwik.api.Tuple.of(4, wait))
                .list().ofMinSize(5).ofMaxSize(35);
    }

    @Provide
    Arbitrary<Instant> starts() {
        // Any minute of 2026, biased to the two DST nights and to evenings running past midnight.
        Instant year = LocalDate.of(2026, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 365 * 24 * 60 - 1)
                        .map(m -> year.plus(Duration.ofMinutes(m)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 240)
                        .map(m -> Instant.parse("2026-03-28T22:00:00Z").plus(Duration.ofMinutes(m)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 240)
                        .map(m -> Instant.parse("2026-10-24T22:00:00Z").plus(Duration.ofMinutes(m)))));
    }

    @Property(tries = 10, shrinking = ShrinkingMode.OFF)
    void rollupsEqualARecomputationFromTheHistory(@ForAll("operations") List<Op> ops, @ForAll("starts") Instant start) {
        Instant now = start;
        clock.pin(now);
        AgencyRef[] agencies = { TestData.agency(), TestData.agency() };
        String office = TestData.office(agencies[0].code(), agencies[1].code()).id();
        TestData.room(office, "Rum 1");
        TestData.room(office, "Rum 2");
        UUID[] officers = { StatisticsFixtures.officer(agencies[0]), StatisticsFixtures.officer(agencies[0]),
                StatisticsFixtures.officer(agencies[1]) };
        String[] officerAgency = { agencies[0].code(), agencies[0].code(), agencies[1].code() };
        List<UUID> visits = new ArrayList<>();
        String desk = Tokens.desk(office);
        for (Op op : ops) {
            Response answer = null;
            if (op instanceof Issue i) {
                answer = i.interpreter()
                        ? StatisticsFixtures.issue(office, agencies[i.agency()].code(), i.service(), "language", "ar",
                                "interpreter", true)
                        : StatisticsFixtures.issue(office, agencies[i.agency()].code(), i.service());
                if (answer.statusCode() == 201) {
                    visits.add(UUID.fromString(answer.path("id")));
                }
            } else if (op instanceof Next n) {
                answer = StatisticsFixtures.next(officers[n.officer()], officerAgency[n.officer()]);
            } else if (op instanceof Act a && !visits.isEmpty()) {
                answer = act(visits.get(a.visit() % visits.size()), a.action(), desk);
            } else if (op instanceof Transfer t && !visits.isEmpty()) {
                answer = StatisticsFixtures.transfer(visits.get(t.visit() % visits.size()), desk,
                        agencies[t.agency()].code(), t.service());
            } else if (op instanceof Wait w) {
                now = now.plus(Duration.ofMinutes(w.minutes())).plusSeconds(w.minutes() % 7 * 8);
                clock.pin(now);
            }
            if (answer != null) {
                assertThat(answer.statusCode()).as("%s answered %s", op, answer.asString()).isLessThan(500);
            }
        }
        clock.reset();

        LocalDate first = start.atZone(StatisticsFixtures.STOCKHOLM).toLocalDate();
        LocalDate last = now.atZone(StatisticsFixtures.STOCKHOLM).toLocalDate();
        String ctx = "ops " + ops + " from " + start;
        assertThat(api(office, first, last, "day,hour,agency,service")).as(ctx)
                .isEqualTo(recomputed(office, "day, hour, agency_code, service_code"));
        // Ranges that the service tiles with year, month and day rows.
        for (var range : List.of(List.of(first.withDayOfYear(1), first.withDayOfYear(1).plusYears(1).minusDays(1)),
                List.of(first.withDayOfMonth(1).minusDays(3), last.plusMonths(1).withDayOfMonth(1).plusDays(2)),
                List.of(first.minusYears(1).plusDays(1), last))) {
            assertThat(api(office, range.get(0), range.get(1), "agency,service")).as("%s in %s", ctx, range)
                    .isEqualTo(recomputed(office, "agency_code, service_code"));
        }
    }

    private static Response act(UUID visit, String action, String desk) {
        Object officer = Sql.value("SELECT officer_id FROM visit WHERE id = ?", visit);
        Object agency = Sql.value("SELECT c.agency_code FROM visit v JOIN case_officer c ON c.id = v.officer_id "
                + "WHERE v.id = ?", visit);
        boolean officerAction = action.equals("start") || action.equals("complete") || action.equals("requeue");
        String token = officer != null && (officerAction || action.equals("no-show"))
                ? Tokens.officer((UUID) officer, (String) agency)
                : desk;
        return StatisticsFixtures.act(visit, action, token);
    }

    /** The API's rows as key -> values. */
    private static Map<String, List<Object>> api(String office, LocalDate from, LocalDate to, String groupBy) {
        JsonPath json = StatisticsFixtures.statistics(Tokens.admin(), Map.of("from", from.toString(), "to",
                to.toString(), "office", office, "groupBy", groupBy)).then().statusCode(200).extract().jsonPath();
        Map<String, List<Object>> out = new TreeMap<>();
        List<Map<String, Object>> rows = json.getList("rows");
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, Object> key = (Map<String, Object>) row.get("key");
            @SuppressWarnings("unchecked")
            Map<String, Object> wait = (Map<String, Object>) row.get("waitMinutes");
            @SuppressWarnings("unchecked")
            Map<String, Object> service = (Map<String, Object>) row.get("serviceMinutes");
            out.put(key.get("day") + "|" + key.get("hour") + "|" + key.get("agency") + "|" + key.get("service"),
                    values(row.get("visits"), row.get("walkIns"), row.get("booked"), row.get("served"),
                            row.get("noShows"), row.get("cancelled"), row.get("transferred"), row.get("interpreter"),
                            wait.get("p50"), wait.get("p90"), wait.get("max"), service.get("p50"), service.get("p90")));
        }
        return out;
    }

    private static List<Object> values(Object... values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v == null ? null : ((Number) v).longValue());
        }
        return out;
    }

    /** The same statistics by plain SQL from the history: the last call not undone, the last transition's state. */
    private static Map<String, List<Object>> recomputed(String office, String groupBy) {
        String sql = """
                WITH t AS (SELECT * FROM visit_transition WHERE office_id = ?),
                v AS (
                    SELECT i.visit_id, i.at AS arrived, last.to_status AS status, last.agency_code, last.service_code,
                           lc.id AS called_id, lc.at AS called_at,
                           (SELECT max(x.at) FROM t x WHERE x.visit_id = i.visit_id AND x.action = 'STARTED') AS started_at,
                           (SELECT max(x.at) FROM t x WHERE x.visit_id = i.visit_id AND x.action = 'COMPLETED') AS completed_at
                      FROM t i
                     CROSS JOIN LATERAL (SELECT x.to_status, x.agency_code, x.service_code FROM t x
                                          WHERE x.visit_id = i.visit_id ORDER BY x.id DESC LIMIT 1) last
                      LEFT JOIN LATERAL (SELECT x.id, x.at FROM t x WHERE x.visit_id = i.visit_id AND x.action = 'CALLED'
                                          ORDER BY x.id DESC LIMIT 1) lc ON true
                     WHERE i.action = 'ISSUED'
                ), f AS (
                    SELECT v.*, vv.booking_id, vv.interpreter, v.arrived AT TIME ZONE 'Europe/Stockholm' AS local_at,
                           CASE WHEN v.called_id IS NOT NULL AND NOT EXISTS (
                                     SELECT 1 FROM t x WHERE x.visit_id = v.visit_id AND x.id > v.called_id
                                                         AND x.action IN ('REQUEUED', 'TRANSFERRED'))
                                THEN floor(extract(epoch FROM v.called_at - v.arrived) / 60)::int END AS wait,
                           CASE WHEN v.status = 'COMPLETED'
                                THEN floor(extract(epoch FROM v.completed_at - v.started_at) / 60)::int END AS service
                      FROM v JOIN visit vv ON vv.id = v.visit_id
                ), moves AS (
                    SELECT i.at AT TIME ZONE 'Europe/Stockholm' AS local_at, x.from_agency AS agency_code,
                           x.from_service AS service_code
                      FROM t x JOIN t i ON i.visit_id = x.visit_id AND i.action = 'ISSUED'
                     WHERE x.action = 'TRANSFERRED' AND x.from_agency IS NOT NULL
                ), a AS (
                    SELECT %1$s, count(*) AS visits, count(*) FILTER (WHERE booking_id IS NULL) AS walk_ins,
                           count(*) FILTER (WHERE booking_id IS NOT NULL) AS booked,
                           count(*) FILTER (WHERE status = 'COMPLETED') AS served,
                           count(*) FILTER (WHERE status = 'NO_SHOW') AS no_shows,
                           count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
                           count(*) FILTER (WHERE interpreter) AS interpreter,
                           percentile_disc(0.5) WITHIN GROUP (ORDER BY wait) AS wp50,
                           percentile_disc(0.9) WITHIN GROUP (ORDER BY wait) AS wp90, max(wait) AS wmax,
                           percentile_disc(0.5) WITHIN GROUP (ORDER BY service) AS sp50,
                           percentile_disc(0.9) WITHIN GROUP (ORDER BY service) AS sp90
                      FROM (SELECT f.*, local_at::date AS day, extract(hour FROM local_at)::int AS hour FROM f) x
                     GROUP BY %1$s
                ), m AS (
                    SELECT %1$s, count(*) AS transferred
                      FROM (SELECT moves.*, local_at::date AS day, extract(hour FROM local_at)::int AS hour FROM moves) x
                     GROUP BY %1$s
                )
                SELECT * FROM a FULL JOIN m USING (%1$s)""".formatted(groupBy);
        Map<String, List<Object>> out = new TreeMap<>();
        boolean hours = groupBy.contains("hour");
        for (Map<String, Object> row : Sql.rows(sql, office)) {
            String key = (hours ? row.get("day") + "|" + row.get("hour") : "null|null") + "|" + row.get("agency_code")
                    + "|" + row.get("service_code");
            out.put(key, values(zero(row.get("visits")), zero(row.get("walk_ins")), zero(row.get("booked")),
                    zero(row.get("served")), zero(row.get("no_shows")), zero(row.get("cancelled")),
                    zero(row.get("transferred")), zero(row.get("interpreter")), row.get("wp50"), row.get("wp90"),
                    row.get("wmax"), row.get("sp50"), row.get("sp90")));
        }
        return out;
    }

    private static Object zero(Object value) {
        return value == null ? 0L : value;
    }

}
