package se.servicekontor.videomote.bench.queue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import se.servicekontor.videomote.bench.harness.ServiceSql;

/**
 * pgbench script fragments made of the service's own statements for the walk-in queue, read verbatim from the service
 * jar ({@link ServiceSql}), in the order and the transactions the service runs them (see VisitService, QueueService,
 * VideoService, Db). Each request of the service is one transaction here:
 *
 * <ul>
 * <li>issue ({@code POST /offices/{o}/visits}): VisitQueries.OFFICE_TARGET, INSERT (ticket counter, visit, history),
 * POSITION_FROM_BACK, STATS, EventLog.APPEND;</li>
 * <li>next ({@code POST /officers/{id}/next}): NextVisitQueries.LOCK_OFFICER, CANDIDATES, then PICK_WALK_IN + CALL
 * once with the round's offices (builds since 2026-12-06; before, once per office until one called); when none of a
 * full round's offices could be called (their visits or rooms were taken by concurrent calls), CANDIDATES again
 * without them, and so on (NextVisitService.callFirst); then VisitQueries.STATS, VideoQueries.INSERT, APPEND;</li>
 * <li>start: TRANSITION (START), APPEND;</li>
 * <li>complete: TRANSITION (COMPLETE), STATS, VideoQueries.END, APPEND;</li>
 * <li>requeue: TRANSITION (REQUEUE), POSITION_FROM_FRONT, STATS, VideoQueries.END, APPEND.</li>
 * </ul>
 *
 * <p>An agency's national waiting counts (AGENCY_WAITING on the agency stream) are not part of any request's
 * transaction since issue 10: the service publishes them at most every 250 ms per agency, outside. The access log
 * entry that "next" and the transitions append at commit (audit_append) is not in the script.
 *
 * <p>What differs, because pgbench has no loops and only integer arithmetic: CANDIDATES is wrapped in one aggregate so
 * that its offices land in variables, and the rounds of "next" are unrolled up to a fixed number
 * (enough for every office of the benchmark); the service's checks in Java between statements are not there (the
 * benchmark's data always passes them). The request's clock ({@code Instant now} in the service) is
 * {@code now()}, the transaction's start; ids the service makes in Java are {@code gen_random_uuid()}; the events'
 * data are JSON documents of the same type and audience taken from the service's own events of the same run.
 */
final class QueueStatements {

    /** Where the statements of "next" are: NextVisitQueries since issue 10, VisitQueries in builds before. */
    private static final List<String> NEXT = List.of("visits.NextVisitQueries", "visits.VisitQueries");
    /** How many offices one round of "next" tried in builds that called at one office per statement. */
    private static final int CANDIDATE_OFFICES_BEFORE = 4;
    /** VisitsConfig defaults (the service's application.properties does not change them). */
    private static final String SERVICE_TIME_WINDOW = "interval '14 days'";
    private static final String SERVICE_TIME_SAMPLES = "200";
    private static final String INTERPRETER_LANGUAGE = "'sv'";

    private final String officeTarget;
    private final String officeCalendar;
    private final String servability;
    private final String insert;
    private final String positionFromBack;
    private final String positionFromFront;
    private final String stats;
    private final String lockOfficer;
    private final String candidates;
    private final String pickWalkIn;
    private final String call;
    /**
     * Whether PICK_WALK_IN takes a round's offices ($4, an array) and calls at the first that has a visit and a room,
     * as since 2026-12-06, instead of one office per statement.
     */
    private final boolean roundPick;
    /** How many offices one round of "next" considers (NextVisitService.CANDIDATE_OFFICES of the build). */
    private final int candidateOffices;
    private final Map<String, String> transitions;
    private final String videoInsert;
    private final String videoEnd;
    private final String append;
    /** Event (audience, type) pairs the fragments built so far use; their data must be supplied as variables. */
    private final Set<String> events = new LinkedHashSet<>();

    QueueStatements(ServiceSql sql) {
        officeTarget = sql.constant("visits.VisitQueries", "OFFICE_TARGET");
        officeCalendar = sql.constant("bookings.BookingQueries", "CONTEXT_ONE");
        servability = sql.constant("visits.VisitQueries", "SERVABILITY");
        insert = sql.constant("visits.VisitQueries", "INSERT");
        positionFromBack = sql.constant("visits.VisitQueries", "POSITION_FROM_BACK");
        positionFromFront = sql.constant("visits.VisitQueries", "POSITION_FROM_FRONT");
        stats = sql.constant("visits.VisitQueries", "STATS");
        lockOfficer = sql.constant(NEXT, "LOCK_OFFICER");
        candidates = sql.constant(NEXT, "CANDIDATES");
        pickWalkIn = sql.constant(NEXT, "PICK_WALK_IN");
        call = sql.constant(NEXT, "CALL");
        roundPick = pickWalkIn.contains("$4::text[]");
        candidateOffices = roundPick ? sql.integer("visits.NextVisitService", "CANDIDATE_OFFICES")
                : CANDIDATE_OFFICES_BEFORE;
        transitions = sql.constants("visits.VisitQueries", "TRANSITIONS");
        videoInsert = sql.constant("video.VideoQueries", "INSERT");
        videoEnd = sql.constant("video.VideoQueries", "END");
        append = sql.constant("live.EventLog", "APPEND");
    }

    /** The pgbench variable holding the sample data of events of {@code audience} and {@code type}. */
    static String variable(String audience, String type) {
        return "ev_" + audience + "_" + type.replaceAll("[^a-z0-9]", "_");
    }

    /** Every (audience, type) used so far, as {@code audience:type}. */
    Set<String> events() {
        return events;
    }

    // --- transactions ----------------------------------------------------------------------------------------

    /**
     * Issues a ticket at {@code office} (an SQL expression) as its desk. Leaves the visit's columns in variables
     * ({@code :id}, {@code :office_id}, {@code :rank_at}, ...).
     */
    String issue(String office, String agency, String service, String visitor, String deskActor) {
        StringBuilder s = new StringBuilder("BEGIN;\n");
        s.append(statement(ServiceSql.bind(officeTarget, office, agency, service)));
        // Is the office open now (OfficeHours: its calendar a day either side), and can anybody on duty serve it?
        s.append(statement(ServiceSql.bind(officeCalendar, office, "NULL::text", "NULL::text",
                "(current_date - 1)", "(current_date + 1)")));
        s.append(statement(ServiceSql.bind(servability, agency, service, "NULL::text", "false", "now()",
                INTERPRETER_LANGUAGE)));
        s.append(gset(ServiceSql.bind(insert, "gen_random_uuid()", office, agency, service, "NULL", "false",
                "'NORMAL'", visitor, "now()", "now()", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL",
                deskActor, "'desk'", "false", "false")));
        s.append(statement(ServiceSql.bind(positionFromBack, ":office_id", ":agency_code", ":rank_at::timestamptz",
                ":id::uuid")));
        s.append(statement(stats(":office_id")));
        s.append(append(List.of(
                ev("display", ":office_id", "visit.created"), ev("desk", ":office_id", "visit.created"),
                ev("display", ":office_id", "queue.summary"), ev("desk", ":office_id", "queue.summary"))));
        return s.append("COMMIT;\n").toString();
    }

    /**
     * "Next" by officer {@code :officer}: sets {@code :reserved} to 1 when a visit was called, and leaves the visit
     * ({@code :visit_id}), its office ({@code :office_id}), room ({@code :room_id}), agency ({@code :agency_code})
     * and video session ({@code :id}) in variables.
     */
    String next(int officeCount) {
        // Rounds enough to reach every one of the offices, plus one.
        int rounds = (officeCount + candidateOffices - 1) / candidateOffices + 1;
        StringBuilder s = new StringBuilder("BEGIN;\n");
        // The officer's agency, languages and services, as the service reads them.
        s.append(gset(ServiceSql.bind(lockOfficer, ":officer")));
        s.append("\\set reserved 0\n");
        List<String> tried = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            if (round > 1) {
                // NextVisitService.callFirst: another round, without the offices tried, when a full round called nobody.
                s.append("\\if :reserved = 0 AND :n").append(round - 1).append(" = ").append(candidateOffices)
                        .append("\n");
            }
            String offices = "(array_agg(c.office_id ORDER BY c.tier, c.rank_at))";
            StringBuilder wrapped = new StringBuilder("SELECT count(*) AS n").append(round);
            if (roundPick) {
                wrapped.append(", ").append(offices).append(" AS ").append(roundOffices(round));
            } else {
                for (int i = 1; i <= candidateOffices; i++) {
                    wrapped.append(", ").append(offices).append("[").append(i).append("] AS ").append(office(round, i));
                }
            }
            // The offices of earlier rounds: their arrays concatenated (round pick), or single offices in an ARRAY.
            String excluded = tried.isEmpty() ? "'{}'"
                    : roundPick ? String.join(" || ", tried) : "ARRAY[" + String.join(", ", tried) + "]";
            wrapped.append("\n  FROM (\n").append(ServiceSql.bind(candidates, ":officer", "now()", ":agency_code",
                    ":services::text[]", ":languages::text[]", INTERPRETER_LANGUAGE, excluded,
                    Integer.toString(candidateOffices), round == 1 ? "true" : "false")).append("\n) c");
            s.append(gset(wrapped.toString()));
            if (roundPick) {
                // One statement calls at the first of the round's offices that has a visit and a room.
                s.append("\\if :n").append(round).append(" >= 1\n");
                s.append(aset(ServiceSql.bind(pickWalkIn + call, ":officer", "now()", ":officer::text",
                        ":" + roundOffices(round) + "::text[]", ":agency_code", ":services::text[]",
                        ":languages::text[]", INTERPRETER_LANGUAGE)));
                s.append("\\endif\n");
                tried.add(":" + roundOffices(round) + "::text[]");
                continue;
            }
            for (int i = 1; i <= candidateOffices; i++) {
                s.append("\\if :reserved = 0 AND :n").append(round).append(" >= ").append(i).append("\n");
                s.append(aset(ServiceSql.bind(pickWalkIn + call, ":officer", "now()", ":officer::text",
                        ":" + office(round, i), ":agency_code", ":services::text[]", ":languages::text[]",
                        INTERPRETER_LANGUAGE)));
                s.append("\\endif\n");
                tried.add(":" + office(round, i) + "::text");
            }
        }
        // Each later round sits inside the one before: it runs only when that one ran and called nobody.
        s.append("\\endif\n".repeat(rounds - 1));
        s.append("\\if :reserved = 1\n");
        s.append(statement(stats(":office_id")));
        // The session's columns: id (the session), visit_id, office_id, room_id, officer_id, ...
        s.append(gset(ServiceSql.bind(videoInsert, "gen_random_uuid()", ":id::uuid", ":office_id", ":room_id::uuid",
                ":officer", "'BUILTIN'", "decode(md5(random()::text) || md5(random()::text), 'hex')", "now()")));
        s.append(append(List.of(
                ev("display", ":office_id", "visit.called"), ev("desk", ":office_id", "visit.called"),
                ev("officer", ":officer", "visit.called"), ev("room", ":room_id", "visit.called"),
                ev("desk", ":office_id", "room.status"), ev("room", ":room_id", "room.status"),
                ev("officer", ":officer", "officer.presence"),
                ev("display", ":office_id", "queue.summary"), ev("desk", ":office_id", "queue.summary"),
                ev("room", ":room_id", "video.ready"), ev("officer", ":officer", "video.ready"))));
        s.append("\\endif\n");
        return s.append("COMMIT;\n").toString();
    }

    private static String office(int round, int i) {
        return "r" + round + "c" + i;
    }

    private static String roundOffices(int round) {
        return "r" + round + "offices";
    }

    /** The called visit {@code :visit_id} → IN_MEETING, by its officer. */
    String start() {
        StringBuilder s = new StringBuilder("BEGIN;\n");
        s.append(statement(transition("START", "'{CALLED}'", "'IN_MEETING'", "'STARTED'")));
        s.append(append(List.of(
                ev("display", ":office_id", "visit.started"), ev("desk", ":office_id", "visit.started"),
                ev("officer", ":officer", "visit.started"), ev("room", ":room_id", "visit.started"),
                ev("desk", ":office_id", "room.status"), ev("room", ":room_id", "room.status"))));
        return s.append("COMMIT;\n").toString();
    }

    /** The visit {@code :visit_id} in its meeting → COMPLETED; its session {@code :id} ends. */
    String complete() {
        StringBuilder s = new StringBuilder("BEGIN;\n");
        s.append(statement(transition("COMPLETE", "'{IN_MEETING}'", "'COMPLETED'", "'COMPLETED'")));
        s.append(statement(stats(":office_id")));
        s.append(statement(ServiceSql.bind(videoEnd, ":visit_id::uuid", "now()", "'COMPLETED'")));
        s.append(append(List.of(
                ev("display", ":office_id", "visit.completed"), ev("desk", ":office_id", "visit.completed"),
                ev("officer", ":officer", "visit.completed"), ev("room", ":room_id", "visit.completed"),
                ev("desk", ":office_id", "room.status"), ev("room", ":room_id", "room.status"),
                ev("officer", ":officer", "officer.presence"),
                ev("display", ":office_id", "queue.summary"), ev("desk", ":office_id", "queue.summary"),
                ev("room", ":room_id", "video.ended"), ev("officer", ":officer", "video.ended"),
                inbox("room"), inbox("officer"))));
        return s.append("COMMIT;\n").toString();
    }

    /** The called visit {@code :visit_id} goes back to its place in line; its session ends. */
    String requeue() {
        StringBuilder s = new StringBuilder("BEGIN;\n");
        // The visit after the change: id, office_id, agency_code, rank_at, ... (room_id is now empty).
        s.append(gset(transition("REQUEUE", "'{CALLED}'", "'WAITING'", "'REQUEUED'")));
        s.append(statement(ServiceSql.bind(positionFromFront, ":office_id", ":agency_code", ":rank_at::timestamptz",
                ":id::uuid")));
        s.append(statement(stats(":office_id")));
        // The ended session: id (the session), room_id (the room the visit left), ...
        s.append(gset(ServiceSql.bind(videoEnd, ":visit_id::uuid", "now()", "'REQUEUED'")));
        s.append(append(List.of(
                ev("display", ":office_id", "visit.requeued"), ev("desk", ":office_id", "visit.requeued"),
                ev("officer", ":officer", "visit.requeued"), ev("room", ":room_id", "visit.requeued"),
                ev("desk", ":office_id", "room.status"), ev("room", ":room_id", "room.status"),
                ev("officer", ":officer", "officer.presence"),
                ev("display", ":office_id", "queue.summary"), ev("desk", ":office_id", "queue.summary"),
                ev("room", ":room_id", "video.ended"), ev("officer", ":officer", "video.ended"),
                inbox("room"), inbox("officer"))));
        return s.append("COMMIT;\n").toString();
    }

    // --- pieces ----------------------------------------------------------------------------------------------

    private String transition(String name, String from, String to, String action) {
        String statement = transitions.get(name);
        if (statement == null) {
            throw new IllegalStateException("the service has no transition " + name);
        }
        return ServiceSql.bind(statement, ":visit_id::uuid", from, to, "now()", "NULL", ":officer", ":officer::text",
                "'officer'", action, ":agency");
    }

    private String stats(String office) {
        return ServiceSql.bind(stats, office, "(now() - " + SERVICE_TIME_WINDOW + ")", SERVICE_TIME_SAMPLES, "now()",
                INTERPRETER_LANGUAGE);
    }

    /**
     * One event: the stream (audience prefix and an SQL expression of its id), its audience, its type (its sample data
     * is the variable of both) and the SQL expression of the id.
     */
    private record Ev(String stream, String audience, String type, String id) {
    }

    private Ev ev(String audience, String idExpression, String type) {
        return new Ev("'" + audience + ":' || " + idExpression + "::text", audience, type, idExpression + "::text");
    }

    /** {@code video.end} on a side's signaling stream of the session {@code :id} (VideoEvents.inbox). */
    private Ev inbox(String side) {
        return new Ev("'video:' || :id::text || ':' || '" + side + "'", "video", "video.end", null);
    }

    private String append(List<Ev> list) {
        List<String> streams = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (Ev e : list) {
            streams.add(e.stream());
            types.add("'" + e.type() + "'");
            data.add(":" + variable(e.audience(), e.type()) + "::text");
            events.add(e.audience() + ":" + e.type());
        }
        List<String> params = new ArrayList<>(List.of("ARRAY[" + String.join(", ", streams) + "]",
                "ARRAY[" + String.join(", ", types) + "]", "ARRAY[" + String.join(", ", data) + "]", "now()"));
        if (ServiceSql.parameters(append) > params.size()) {
            // Since issue 10 (V17): which events the change's live_entry row carries, decided as EventLog.Entry does.
            params.addAll(entry(list));
        }
        return statement(ServiceSql.bind(append, params.toArray(String[]::new)));
    }

    /**
     * EventLog.Entry's choice for {@code list}: the desk and display streams of the office of the first desk or
     * display event, the first room and the first officer stream; the APPEND's $5 (carried, per event), $6 (office),
     * $7 (room stream) and $8 (officer stream).
     */
    private static List<String> entry(List<Ev> list) {
        String office = null;
        String room = null;
        String officer = null;
        for (Ev e : list) {
            switch (e.audience()) {
                case "desk", "display" -> office = office == null ? e.id() : office;
                case "room" -> room = room == null ? e.stream() : room;
                case "officer" -> officer = officer == null ? e.stream() : officer;
                default -> {
                }
            }
        }
        List<String> carried = new ArrayList<>();
        for (Ev e : list) {
            boolean in = office != null && switch (e.audience()) {
                case "desk", "display" -> e.id().equals(office);
                case "room" -> e.stream().equals(room);
                case "officer" -> e.stream().equals(officer);
                default -> false;
            };
            carried.add(Boolean.toString(in));
        }
        if (office == null) {
            return List.of("ARRAY[" + String.join(", ", carried) + "]::boolean[]", "NULL::text", "NULL::text",
                    "NULL::text");
        }
        return List.of("ARRAY[" + String.join(", ", carried) + "]::boolean[]", office,
                room == null ? "NULL::text" : "(" + room + ")", officer == null ? "NULL::text" : "(" + officer + ")");
    }

    private static String statement(String sql) {
        return sql.strip() + ";\n";
    }

    /** A statement whose one result row goes into variables named after its columns. */
    private static String gset(String sql) {
        return sql.strip() + " \\gset\n";
    }

    /** Like {@link #gset} but a statement that may return no row (then nothing is set). */
    private static String aset(String sql) {
        return sql.strip() + " \\aset\n";
    }
}
