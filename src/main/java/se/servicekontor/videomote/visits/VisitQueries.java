package se.servicekontor.videomote.visits;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.agencies.Presence;
import se.servicekontor.videomote.offices.RoomStatus;
import se.servicekontor.videomote.visits.VisitRecords.AgencyWaiting;
import se.servicekontor.videomote.visits.VisitRecords.ServiceWaiting;

/**
 * Raw SQL of the visits: ticket numbers, the queue, "next" with {@code FOR UPDATE SKIP LOCKED}, and state transitions
 * as conditional updates that also move the room and the officer and write the history, each in one statement.
 */
@ApplicationScoped
class VisitQueries {

    /** The visit columns {@link Visit#from} reads, from a relation aliased {@code v}. */
    static final String COLUMNS = """
            v.id, v.office_id, v.agency_code, v.service_code, v.ticket, v.language, v.interpreter, v.priority,
            v.visitor_name, v.status, v.queued_at, v.rank_at, v.officer_id, v.room_id, v.called_at, v.started_at,
            v.ended_at, v.booking_id, v.booked_officer_id, v.booked_room_id, v.booked_start, v.booked_end,
            v.held_for_officer, v.held_until, v.accessible, v.after_hours""";


    private static final String OFFICE_TARGET = """
            SELECT EXISTS (SELECT 1 FROM office_agency oa WHERE oa.office_id = o.id AND oa.agency_code = $2) AS offered,
                   EXISTS (SELECT 1 FROM agency_service s WHERE s.agency_code = $2 AND s.code = $3
                                  AND s.retired_at IS NULL) AS service_known
              FROM office o
             WHERE o.id = $1 AND o.retired_at IS NULL""";

    /** Allocates the day's next ticket number (the counter row's lock makes it unique) and inserts the visit. */
    private static final String INSERT = """
            WITH number AS (
                INSERT INTO ticket_counter AS c (office_id, agency_code, day, last_number)
                SELECT o.id, $3, ($9::timestamptz AT TIME ZONE o.time_zone)::date, 1 FROM office o WHERE o.id = $2
                ON CONFLICT (office_id, agency_code, day) DO UPDATE SET last_number = c.last_number + 1
                RETURNING day, last_number
            ), v AS (
                INSERT INTO visit (id, office_id, agency_code, service_code, ticket, ticket_agency, ticket_day,
                                   ticket_number, language, interpreter, priority, visitor_name, status, queued_at,
                                   rank_at, booking_id, booked_officer_id, booked_room_id, booked_start, booked_end,
                                   held_for_officer, held_from, held_until, created_by, created_at, updated_at,
                                   accessible, after_hours)
                SELECT $1, $2, $3, $4,
                       a.ticket_prefix || CASE WHEN n.last_number < 1000 THEN lpad(n.last_number::text, 3, '0')
                                               ELSE n.last_number::text END,
                       $3, n.day, n.last_number, $5, $6, $7, $8, 'WAITING', $9, $10, $11, $12, $13, $14, $15, $16,
                       $17, $18, $19, $9, $9, $21, $22
                  FROM number n JOIN agency a ON a.code = $3
                RETURNING *
            ), logged AS (
                INSERT INTO visit_transition (visit_id, at, action, to_status, office_id, agency_code, service_code,
                                              actor, actor_role)
                SELECT v.id, $9, 'ISSUED', 'WAITING', v.office_id, v.agency_code, v.service_code, $19, $20 FROM v
            )
            SELECT %s, o.time_zone, NULL::text AS room_name, NULL::text AS officer_name
              FROM v JOIN office o ON o.id = v.office_id""".formatted(COLUMNS);

    private static final String VIEW = """
            SELECT %s, o.time_zone, r.name AS room_name, c.name AS officer_name
              FROM visit v
              JOIN office o ON o.id = v.office_id
              LEFT JOIN room r ON r.id = v.room_id
              LEFT JOIN case_officer c ON c.id = v.officer_id
             WHERE v.id = $1""".formatted(COLUMNS);

    /** Position counted from the back of the line: cheap for a newcomer, however long the line. */
    private static final String POSITION_FROM_BACK = """
            SELECT q.waiting - (SELECT count(*) FROM visit w
                                 WHERE w.office_id = $1 AND w.agency_code = $2 AND w.status = 'WAITING'
                                   AND (w.rank_at, w.id) > ($3::timestamptz, $4::uuid))::int AS position
              FROM visit_queue_count q
             WHERE q.office_id = $1 AND q.agency_code = $2""";

    /** Position counted from the front of the line. */
    private static final String POSITION_FROM_FRONT = """
            SELECT 1 + count(*)::int AS position FROM visit w
             WHERE w.office_id = $1 AND w.agency_code = $2 AND w.status = 'WAITING'
               AND (w.rank_at, w.id) < ($3::timestamptz, $4::uuid)""";

    /**
     * Per agency at an office (the agencies it offers, and any others still waited for): what estimates need. How
     * many wait, and how many of them nobody on duty can serve, come from one pass over the agency's few
     * {@code visit_need_count} rows at the office. The service-time quartiles are the row a completion keeps (V22),
     * or computed from the visits when it does not hold.
     */
    private static final String STATS = """
            SELECT a.agency_code,
                   w.waiting,
                   (SELECT avg(s.duration_minutes)::float8 FROM agency_service s
                     WHERE s.agency_code = a.agency_code) AS fallback_minutes,
                   (SELECT count(*) FROM case_officer c
                     WHERE c.agency_code = a.agency_code AND c.presence IN ('AVAILABLE', 'BUSY')) AS officers,
                   usable.rooms,
                   h.samples, h.p25, h.p75,
                   w.unservable
              FROM (SELECT agency_code FROM office_agency WHERE office_id = $1
                    UNION
                    SELECT agency_code FROM visit_need_count WHERE office_id = $1 AND waiting > 0) a
             CROSS JOIN LATERAL (
                    SELECT coalesce(sum(n.waiting), 0)::int AS waiting,
                           coalesce(sum(n.waiting) FILTER (WHERE NOT %s), 0)::int AS unservable
                      FROM visit_need_count n
                     WHERE n.office_id = $1 AND n.agency_code = a.agency_code AND n.waiting > 0) w
             CROSS JOIN (SELECT count(*) AS rooms FROM room WHERE office_id = $1 AND status <> 'OUT_OF_SERVICE') usable
             CROSS JOIN LATERAL service_time_now($1, a.agency_code, $2, $3::int) h
             ORDER BY a.agency_code""".formatted(
            servable("n.agency_code", "n.service_code", "n.language", "n.interpreter", "$4::timestamptz", "$5::text"));


    /**
     * A state transition in one statement: lock the visit, check that the caller may see it (office {@code $5},
     * agency {@code $10}), that its status allows the transition and that an officer {@code $6} serves it, update it (the {@code %s} SET clause of the transition), release or occupy its room,
     * free its officer and write the history. Returns one row whenever the visit exists, telling what happened.
     */
    private static final String TRANSITION = """
            WITH cur AS MATERIALIZED (
                SELECT v.id, v.status, v.office_id, v.officer_id, v.room_id, v.agency_code, v.service_code
                  FROM visit v WHERE v.id = $1
                   FOR UPDATE
            ), visible AS MATERIALIZED (
                SELECT cur.* FROM cur
                 WHERE ($5::text IS NULL OR cur.office_id = $5) AND ($10::text IS NULL OR cur.agency_code = $10)
            ), changed AS (
                UPDATE visit v SET status = $3, updated_at = $4::timestamptz, %s
                  FROM visible c
                 WHERE v.id = c.id AND c.status = ANY ($2::text[]) AND ($6::uuid IS NULL OR c.officer_id = $6)
                RETURNING v.*, c.status AS from_status, c.officer_id AS from_officer, c.room_id AS from_room,
                          c.agency_code AS from_agency, c.service_code AS from_service
            ), room_after AS (
                UPDATE room r
                   SET status = CASE WHEN x.status = 'IN_MEETING' THEN 'OCCUPIED'
                                     WHEN x.from_status = 'IN_MEETING' AND o.cleaning_buffer_minutes > 0 THEN 'CLEANING'
                                     ELSE 'AVAILABLE' END,
                       cleaning_until = CASE WHEN x.status <> 'IN_MEETING' AND x.from_status = 'IN_MEETING'
                                                  AND o.cleaning_buffer_minutes > 0
                                             THEN $4::timestamptz + make_interval(mins => o.cleaning_buffer_minutes) END,
                       status_changed_at = $4
                  FROM changed x JOIN office o ON o.id = x.office_id
                 WHERE r.id = x.from_room AND x.from_status IN ('CALLED', 'IN_MEETING')
                RETURNING r.id, r.office_id, r.name, r.status
            ), officer_after AS (
                UPDATE case_officer c SET presence = 'AVAILABLE', presence_changed_at = $4
                  FROM changed x
                 WHERE c.id = x.from_officer AND x.from_status IN ('CALLED', 'IN_MEETING') AND x.status <> 'IN_MEETING'
                   AND c.presence = 'BUSY'
                RETURNING c.id, c.agency_code
            ), logged AS (
                INSERT INTO visit_transition (visit_id, at, action, from_status, to_status, office_id, agency_code,
                                              service_code, from_agency, from_service, officer_id, room_id, actor,
                                              actor_role)
                SELECT x.id, $4, $9, x.from_status, x.status, x.office_id, x.agency_code, x.service_code,
                       CASE WHEN x.from_agency <> x.agency_code OR x.from_service <> x.service_code
                            THEN x.from_agency END,
                       CASE WHEN x.from_agency <> x.agency_code OR x.from_service <> x.service_code
                            THEN x.from_service END,
                       coalesce(x.officer_id, x.from_officer), coalesce(x.room_id, x.from_room), $7, $8
                  FROM changed x
            )
            SELECT cur.status AS current_status, vis.id IS NOT NULL AS visible,
                   ($6::uuid IS NULL OR coalesce(cur.officer_id = $6, false)) AS serving, v.id IS NOT NULL AS changed,
                   v.from_status, v.from_officer, v.from_room, v.from_agency,
                   %s, o.time_zone, r.name AS room_name, co.name AS officer_name,
                   ra.office_id AS released_room_office, ra.name AS released_room_name,
                   ra.status AS released_room_status, oa.agency_code AS freed_officer_agency
              FROM cur
              LEFT JOIN visible vis ON true
              LEFT JOIN changed v ON true
              LEFT JOIN office o ON o.id = v.office_id
              LEFT JOIN room r ON r.id = v.room_id
              LEFT JOIN case_officer co ON co.id = v.officer_id
              LEFT JOIN room_after ra ON true
              LEFT JOIN officer_after oa ON true""";

    /** The queue's waiting lines, at most {@code $2} per agency, with positions. */
    private static final String WAITING_LINES = """
            SELECT q.agency_code, w.id, w.ticket, w.service_code, w.priority, w.language, w.interpreter,
                   w.visitor_name, w.queued_at, w.booking_id, w.position, w.accessible, w.servable
              FROM visit_queue_count q
             CROSS JOIN LATERAL (
                    SELECT v.id, v.ticket, v.service_code, v.priority, v.language, v.interpreter, v.visitor_name,
                           v.queued_at, v.booking_id, row_number() OVER (ORDER BY v.rank_at, v.id) AS position,
                           v.accessible, %s AS servable
                      FROM visit v
                     WHERE v.office_id = q.office_id AND v.agency_code = q.agency_code AND v.status = 'WAITING'
                     ORDER BY v.rank_at, v.id
                     LIMIT $2::int) w
             WHERE q.office_id = $1 AND q.waiting > 0
             ORDER BY q.agency_code, w.position""".formatted(
            servable("v.agency_code", "v.service_code", "v.language", "v.interpreter", "$3::timestamptz", "$4::text"));

    private static final String HELD = """
            SELECT v.id, v.ticket, v.agency_code, v.service_code, v.status, v.visitor_name, v.called_at, v.started_at,
                   r.id AS room_id, r.name AS room_name, c.id AS officer_id, c.name AS officer_name
              FROM visit v
              JOIN room r ON r.id = v.room_id
              JOIN case_officer c ON c.id = v.officer_id
             WHERE v.office_id = $1 AND v.status IN ('CALLED', 'IN_MEETING')
             ORDER BY v.called_at, v.id""";

    private static final String OFFICE_ZONE = "SELECT time_zone FROM office WHERE id = $1";

    private static final String HISTORY = """
            SELECT t.at, t.action, t.from_status, t.to_status, t.agency_code, t.service_code, t.from_agency,
                   t.from_service, t.officer_id, t.room_id, t.actor, t.actor_role
              FROM visit_transition t
             WHERE t.visit_id = $1
             ORDER BY t.id""";

    /**
     * Rooms whose cleaning buffer has run out become AVAILABLE, the longest due first; rows another instance holds are
     * left to it. Reads the whole room table (V25: no index reads a room's status, so its changes stay HOT).
     */
    private static final String END_CLEANING = """
            WITH due AS (
                SELECT id FROM room
                 WHERE status = 'CLEANING' AND cleaning_until <= $1
                 ORDER BY cleaning_until
                 LIMIT $2::int
                   FOR UPDATE SKIP LOCKED
            )
            UPDATE room r SET status = 'AVAILABLE', cleaning_until = NULL, status_changed_at = $1
              FROM due
             WHERE r.id = due.id
            RETURNING r.id, r.office_id, r.name""";


    /**
     * An officer ({@code so}) is on duty at {@code now}: AVAILABLE or BUSY, or on a shift. Officers AWAY or OFFLINE
     * outside their shifts cannot take anybody now.
     */
    private static String onDuty(String now) {
        return """
                (so.presence IN ('AVAILABLE', 'BUSY')
                 OR EXISTS (SELECT 1 FROM officer_shift sh
                             WHERE sh.officer_id = so.id AND tstzrange(sh.starts_at, sh.ends_at) @> %s))""".formatted(now);
    }

    /**
     * Whether an officer of {@code agency} on duty at {@code now} has {@code service} and can hold the meeting in
     * {@code language} (NULL or '' for none): speaks it, or, with an interpreter, speaks the interpreter language.
     * The same rule as "next" (NextVisitQueries.eligible), asked of everyone on duty.
     */
    private static String servable(String agency, String service, String language, String interpreter, String now,
            String interpreterLanguage) {
        return """
                EXISTS (SELECT 1 FROM case_officer so
                          JOIN case_officer_service ss ON ss.officer_id = so.id AND ss.service_code = %2$s
                         WHERE so.agency_code = %1$s AND %7$s
                           AND (coalesce(%3$s, '') = ''
                                OR EXISTS (SELECT 1 FROM case_officer_language sl
                                            WHERE sl.officer_id = so.id
                                              AND (sl.language = %3$s OR (%4$s AND sl.language = %6$s)))))"""
                .formatted(agency, service, language, interpreter, now, interpreterLanguage, onDuty(now));
    }

    /**
     * Who could serve one visit's needs now ($1 agency, $2 service, $3 language, $4 interpreter, $5 now, $6 the
     * interpreter language): the agency's officers on duty, those with the service, whether one of them can hold the
     * meeting, and whether one could with an interpreter.
     */
    private static final String SERVABILITY = """
            WITH duty AS (
                SELECT so.id FROM case_officer so WHERE so.agency_code = $1 AND %s
            ), skilled AS (
                SELECT d.id FROM duty d JOIN case_officer_service ss ON ss.officer_id = d.id AND ss.service_code = $2
            )
            SELECT (SELECT count(*) FROM duty) AS on_duty,
                   (SELECT count(*) FROM skilled) AS with_service,
                   EXISTS (SELECT 1 FROM skilled k
                            WHERE $3::text IS NULL
                               OR EXISTS (SELECT 1 FROM case_officer_language sl WHERE sl.officer_id = k.id
                                             AND (sl.language = $3 OR ($4 AND sl.language = $6)))) AS servable,
                   EXISTS (SELECT 1 FROM skilled k JOIN case_officer_language sl ON sl.officer_id = k.id
                            WHERE sl.language = $6) AS with_interpreter""".formatted(onDuty("$5::timestamptz"));

    /** Changes a waiting visit's needs and writes the history; no row unless the visit waits. */
    private static final String CHANGE_NEEDS = """
            WITH cur AS MATERIALIZED (
                SELECT v.id, v.service_code, v.language, v.interpreter FROM visit v
                 WHERE v.id = $1 AND v.status = 'WAITING'
                   FOR UPDATE
            ), changed AS (
                UPDATE visit v SET service_code = $2, language = $3, interpreter = $4, updated_at = $5
                  FROM cur c
                 WHERE v.id = c.id
                RETURNING v.*, c.service_code AS from_service, c.language AS from_language,
                          c.interpreter AS from_interpreter
            ), logged AS (
                INSERT INTO visit_transition (visit_id, at, action, from_status, to_status, office_id, agency_code,
                                              service_code, from_agency, from_service, from_language,
                                              from_interpreter, actor, actor_role)
                SELECT x.id, $5, 'NEEDS_CHANGED', 'WAITING', 'WAITING', x.office_id, x.agency_code, x.service_code,
                       x.agency_code, x.from_service, x.from_language, x.from_interpreter, $6, $7
                  FROM changed x
            )
            SELECT %s, o.time_zone, NULL::text AS room_name, NULL::text AS officer_name
              FROM changed v JOIN office o ON o.id = v.office_id""".formatted(COLUMNS);

    // --- records ----------------------------------------------------------------------------------------------

    /**
     * Who could serve a visit's needs now.
     *
     * @param onDuty          the agency's officers on duty
     * @param withService     of them, those with the visit's service
     * @param servable        one of those can hold the meeting in the visit's language (or it has none)
     * @param withInterpreter one of those speaks the interpreter language
     */
    record Servability(long onDuty, long withService, boolean servable, boolean withInterpreter) {
    }

    /** Whether an office exists (null when not), offers an agency, and the agency has a service. */
    record Target(boolean offered, boolean serviceKnown) {
    }

    /** Everything a new visit is inserted with. */
    record NewVisit(UUID id, String officeId, String agency, String service, String language, boolean interpreter,
            Priority priority, String visitorName, Instant queuedAt, Instant rankAt, UUID bookingId,
            UUID bookedOfficerId, UUID bookedRoomId, Instant bookedStart, Instant bookedEnd, UUID heldFor,
            Instant heldFrom, Instant heldUntil, String actor, String actorRole, boolean accessible,
            boolean afterHours) {
    }

    /** A room whose status a transition changed. */
    record RoomChange(UUID id, String officeId, String name, RoomStatus status) {
    }

    /**
     * The outcome of a transition statement: the visit's status before, whether the caller may see it and serves
     * it (always true for a desk), whether it changed, and if it did the visit after, its room and officer changes.
     */
    record Outcome(VisitStatus current, boolean visible, boolean serving, boolean changed, VisitStatus from, UUID fromOfficer,
            String fromAgency, Visit visit, RoomChange room, String freedOfficerAgency) {
    }

    /** A row of the waiting lines. */
    record WaitingRow(String agency, UUID id, String ticket, String service, Priority priority, String language,
            boolean interpreter, String visitorName, Instant queuedAt, boolean booked, int position, boolean accessible,
            boolean servable) {
    }

    /** A called or in-meeting visit of an office. */
    record HeldRow(UUID id, String ticket, String agency, String service, VisitStatus status, String visitorName,
            Instant calledAt, Instant startedAt, UUID roomId, String roomName, UUID officerId, String officerName) {
    }

    record HistoryRow(Instant at, String action, String from, String to, String agency, String service,
            String fromAgency, String fromService, UUID officerId, UUID roomId, String actor, String actorRole) {
    }

    // --- statements -------------------------------------------------------------------------------------------

    Uni<Target> target(SqlConnection c, String officeId, String agency, String service) {
        return c.preparedQuery(OFFICE_TARGET).execute(Tuple.of(officeId, agency, service)).map(rows -> first(rows,
                row -> new Target(row.getBoolean("offered"), row.getBoolean("service_known"))));
    }

    Uni<Visit> insert(SqlConnection c, NewVisit n) {
        return c.preparedQuery(INSERT).execute(Tuple.from(new Object[] { n.id(), n.officeId(), n.agency(),
                n.service(), n.language(), n.interpreter(), n.priority().name(), n.visitorName(), ts(n.queuedAt()),
                ts(n.rankAt()), n.bookingId(), n.bookedOfficerId(), n.bookedRoomId(), ts(n.bookedStart()),
                ts(n.bookedEnd()), n.heldFor(), ts(n.heldFrom()), ts(n.heldUntil()), n.actor(), n.actorRole(),
                n.accessible(), n.afterHours() }))
                .map(rows -> first(rows, Visit::from));
    }

    Uni<Visit> view(SqlConnection c, UUID visitId) {
        return c.preparedQuery(VIEW).execute(Tuple.of(visitId)).map(rows -> first(rows, Visit::from));
    }

    /** 1-based place in its agency's line at its office; {@code fromBack} for a visit near the end of the line. */
    Uni<Integer> position(SqlConnection c, Visit v, boolean fromBack) {
        return c.preparedQuery(fromBack ? POSITION_FROM_BACK : POSITION_FROM_FRONT)
                .execute(Tuple.of(v.officeId(), v.agency(), ts(v.rankAt()), v.id()))
                .map(rows -> first(rows, row -> row.getInteger("position")));
    }

    Uni<List<QueueStats>> stats(SqlConnection c, String officeId, Instant since, int samples, Instant now,
            String interpreterLanguage) {
        return c.preparedQuery(STATS).execute(Tuple.of(officeId, ts(since), samples, ts(now), interpreterLanguage))
                .map(rows -> all(rows, QueueStats::from));
    }

    /** Keeps the quartiles of the office's recent service times for the agency (V22: locks the row, then computes). */
    Uni<Void> recordServiceTime(SqlConnection c, String officeId, String agency, Instant since, int samples) {
        return c.preparedQuery("SELECT service_time_record($1, $2, $3, $4)")
                .execute(Tuple.of(officeId, agency, ts(since), samples)).replaceWithVoid();
    }

    /** Applies {@code t} to a visit whose status is one of {@code from} (the transition's, or fewer). */
    Uni<Outcome> transition(SqlConnection c, Transition t, java.util.Set<VisitStatus> from, UUID visitId, Instant now,
            String officeScope, String agencyScope, UUID officerScope, String actor, String actorRole, String toAgency,
            String toService) {
        List<Object> params = new ArrayList<>(List.of(visitId,
                from.stream().map(Enum::name).toArray(String[]::new), t.to().name(), ts(now)));
        params.add(officeScope);
        params.add(officerScope);
        params.add(actor);
        params.add(actorRole);
        params.add(t.action());
        params.add(agencyScope);
        if (t == Transition.TRANSFER) {
            params.add(toAgency);
            params.add(toService);
        }
        return c.preparedQuery(TRANSITIONS.get(t)).execute(Tuple.from(params.toArray()))
                .map(rows -> first(rows, VisitQueries::outcome));
    }

    /** The statement of each transition, built once (the client caches prepared statements by their text). */
    private static final Map<Transition, String> TRANSITIONS = new EnumMap<>(Transition.class);

    /**
     * START that skips a visit another transaction holds (no row then) instead of waiting: run where a lock that a
     * transition of that visit may wait for is held already (the video session's, when both sides have joined).
     */
    private static final String START_UNLESS_LOCKED = TRANSITION.formatted(setClause(Transition.START), COLUMNS)
            .replace("FOR UPDATE\n), visible", "FOR UPDATE SKIP LOCKED\n), visible");

    static {
        if (!START_UNLESS_LOCKED.contains("SKIP LOCKED")) {
            throw new IllegalStateException("START_UNLESS_LOCKED lost its SKIP LOCKED");
        }
    }

    /** Starts a CALLED visit served by {@code officer}; null when another transaction holds the visit. */
    Uni<Outcome> startUnlessLocked(SqlConnection c, UUID visitId, UUID officer, Instant now, String actor) {
        return c.preparedQuery(START_UNLESS_LOCKED).execute(Tuple.from(new Object[] { visitId,
                new String[] { VisitStatus.CALLED.name() }, VisitStatus.IN_MEETING.name(), ts(now), null, officer,
                actor, "video", Transition.START.action(), null }))
                .map(rows -> first(rows, VisitQueries::outcome));
    }

    static {
        for (Transition t : Transition.values()) {
            TRANSITIONS.put(t, TRANSITION.formatted(setClause(t), COLUMNS));
        }
    }

    private static String setClause(Transition t) {
        String unassign = "officer_id = NULL, room_id = NULL, called_at = NULL, started_at = NULL";
        return switch (t) {
            case START -> "started_at = $4";
            case COMPLETE, NO_SHOW, CANCEL -> "ended_at = $4";
            // From NO_SHOW (the desk brings the visitor back) the visit is no longer ended.
            case REQUEUE -> unassign + ", ended_at = NULL";
            // A transfer also ends a booking's hold: the booked officer belongs to the old agency.
            case TRANSFER -> "agency_code = $11, service_code = $12, " + unassign
                    + ", held_for_officer = NULL, held_from = NULL, held_until = NULL";
        };
    }

    private static Outcome outcome(Row row) {
        boolean changed = row.getBoolean("changed");
        Visit visit = changed ? Visit.from(row) : null;
        RoomChange room = row.getString("released_room_status") == null ? null
                : new RoomChange(row.getUUID("from_room"), row.getString("released_room_office"),
                        row.getString("released_room_name"), RoomStatus.valueOf(row.getString("released_room_status")));
        return new Outcome(VisitStatus.valueOf(row.getString("current_status")), row.getBoolean("visible"),
                row.getBoolean("serving"), changed,
                changed ? VisitStatus.valueOf(row.getString("from_status")) : null, row.getUUID("from_officer"),
                row.getString("from_agency"), visit, room, row.getString("freed_officer_agency"));
    }

    Uni<Servability> servability(SqlClient c, String agency, String service, String language, boolean interpreter,
            Instant now, String interpreterLanguage) {
        return c.preparedQuery(SERVABILITY).execute(Tuple.of(agency, service, language, interpreter, ts(now),
                interpreterLanguage)).map(rows -> first(rows, row -> new Servability(row.getLong("on_duty"),
                        row.getLong("with_service"), row.getBoolean("servable"), row.getBoolean("with_interpreter"))));
    }

    /** Sets a waiting visit's service, language and interpreter; null when it does not (or no longer) wait. */
    Uni<Visit> changeNeeds(SqlConnection c, UUID visitId, String service, String language, boolean interpreter,
            Instant now, String actor, String actorRole) {
        return c.preparedQuery(CHANGE_NEEDS).execute(Tuple.from(new Object[] { visitId, service, language,
                interpreter, ts(now), actor, actorRole })).map(rows -> first(rows, Visit::from));
    }

    Uni<String> officeZone(SqlConnection c, String officeId) {
        return c.preparedQuery(OFFICE_ZONE).execute(Tuple.of(officeId)).map(rows -> first(rows, r -> r.getString(0)));
    }

    Uni<List<WaitingRow>> waitingLines(SqlConnection c, String officeId, int perAgency, Instant now,
            String interpreterLanguage) {
        return c.preparedQuery(WAITING_LINES).execute(Tuple.of(officeId, perAgency, ts(now), interpreterLanguage))
                .map(rows -> all(rows,
                row -> new WaitingRow(row.getString("agency_code"), row.getUUID("id"), row.getString("ticket"),
                        row.getString("service_code"), Priority.valueOf(row.getString("priority")),
                        row.getString("language"), row.getBoolean("interpreter"), row.getString("visitor_name"),
                        Visit.instant(row, "queued_at"), row.getUUID("booking_id") != null,
                        row.getLong("position").intValue(), row.getBoolean("accessible"), row.getBoolean("servable"))));
    }

    Uni<List<HeldRow>> held(SqlConnection c, String officeId) {
        return c.preparedQuery(HELD).execute(Tuple.of(officeId)).map(rows -> all(rows,
                row -> new HeldRow(row.getUUID("id"), row.getString("ticket"), row.getString("agency_code"),
                        row.getString("service_code"), VisitStatus.valueOf(row.getString("status")),
                        row.getString("visitor_name"), Visit.instant(row, "called_at"),
                        Visit.instant(row, "started_at"), row.getUUID("room_id"), row.getString("room_name"),
                        row.getUUID("officer_id"), row.getString("officer_name"))));
    }

    Uni<List<HistoryRow>> history(SqlConnection c, UUID visitId) {
        return c.preparedQuery(HISTORY).execute(Tuple.of(visitId)).map(rows -> all(rows,
                row -> new HistoryRow(Visit.instant(row, "at"), row.getString("action"), row.getString("from_status"),
                        row.getString("to_status"), row.getString("agency_code"), row.getString("service_code"),
                        row.getString("from_agency"), row.getString("from_service"), row.getUUID("officer_id"),
                        row.getUUID("room_id"), row.getString("actor"), row.getString("actor_role"))));
    }

    Uni<List<RoomChange>> endCleaning(SqlConnection c, Instant now, int batch) {
        return c.preparedQuery(END_CLEANING).execute(Tuple.of(ts(now), batch)).map(rows -> all(rows,
                row -> new RoomChange(row.getUUID("id"), row.getString("office_id"), row.getString("name"),
                        RoomStatus.AVAILABLE)));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static <T> T first(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        var it = rows.iterator();
        return it.hasNext() ? mapper.apply(it.next()) : null;
    }

    private static <T> List<T> all(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        List<T> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(mapper.apply(row));
        }
        return out;
    }

    /**
     * Per service: how many wait, and how many of them nobody on duty can serve, from one pass over the agency's
     * {@code visit_need_count} rows (a few per office), whether each need can be served asked once per need.
     */
    private static final String AGENCY_WAITING = """
            SELECT n.service_code, sum(n.waiting)::int AS waiting,
                   coalesce(sum(n.waiting) FILTER (WHERE NOT %s), 0)::int AS unservable
              FROM (SELECT service_code, language, interpreter, sum(waiting) AS waiting
                      FROM visit_need_count WHERE agency_code = $1 AND waiting > 0
                     GROUP BY service_code, language, interpreter) n
             GROUP BY n.service_code
             ORDER BY n.service_code""".formatted(
            servable("$1::text", "n.service_code", "n.language", "n.interpreter", "$2::timestamptz", "$3::text"));

    /** How many wait for the agency across the country, per service: a sum over a few rows per office. */
    Uni<AgencyWaiting> agencyWaiting(SqlClient c, String agency, Instant now, String interpreterLanguage) {
        return c.preparedQuery(AGENCY_WAITING).execute(Tuple.of(agency, ts(now), interpreterLanguage)).map(rows -> {
            List<ServiceWaiting> services = new ArrayList<>();
            int total = 0;
            int unservable = 0;
            for (Row row : rows) {
                int n = row.getInteger("waiting");
                int u = row.getInteger("unservable");
                services.add(new ServiceWaiting(row.getString("service_code"), n, u));
                total += n;
                unservable += u;
            }
            return new AgencyWaiting(agency, total, services, unservable);
        });
    }
}
