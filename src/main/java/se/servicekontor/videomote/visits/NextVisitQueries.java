package se.servicekontor.videomote.visits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.agencies.Presence;

/**
 * The SQL of "next visitor": lock the officer, find the offices where a visit the officer may serve waits and a room
 * is free, and call at the first of them where a visit and a room can be locked ({@code FOR UPDATE SKIP LOCKED}),
 * moving the visit, the room and the officer and writing the history in one statement. Parameters are typed records,
 * bound in one place next to their SQL.
 */
@ApplicationScoped
class NextVisitQueries {

    /**
     * A room (alias {@code r}) a visit may be called to now: AVAILABLE, and not about to be used by a booking in the
     * time the meeting may take ({@code %1$s}: an interval expression); a booked visit may use its own booking's
     * room ({@code %2$s}: that booking's id, or NULL). Used by {@link #CANDIDATES} and {@link #PICK_WALK_IN} (does the
     * office have one, for the agency's longest service) and {@link #ROOM_FOR_PICK} (which one, for the picked visit's
     * service).
     */
    private static final String ROOM_IS_FREE = """
            r.status = 'AVAILABLE'
            AND NOT EXISTS (SELECT 1 FROM booking b
                             WHERE b.room_id = r.id AND b.status IN ('BOOKED', 'CHECKED_IN') AND b.id IS DISTINCT FROM %2$s
                               AND tstzrange(b.starts_at, b.ends_at) && tstzrange($2::timestamptz, $2::timestamptz + %1$s))""";

    /** The longest service of the agency in {@code %s}: how long a walk-in from its line may take. */
    private static final String LONGEST_SERVICE = """
            make_interval(mins => (SELECT coalesce(max(s.duration_minutes), 60) FROM agency_service s WHERE s.agency_code = %s))""";

    /** How long the picked visit ({@code p}, with its agency and service) may take: its service's duration. */
    private static final String PICKED_SERVICE = """
            make_interval(mins => (SELECT coalesce(max(s.duration_minutes), 60) FROM agency_service s
                                    WHERE s.agency_code = p.agency_code AND s.code = p.service_code))""";

    /**
     * Whether the calling officer ({@code $1}) may take a walk-in now, in {@link #CANDIDATES}: not when one of the
     * officer's bookings starts within the longest meeting of the agency. A booked visit held for the officer does
     * not depend on it.
     */
    private static final String OFFICER_TAKES_WALK_INS = """
            NOT EXISTS (SELECT 1 FROM booking b
                         WHERE b.officer_id = $1 AND b.status IN ('BOOKED', 'CHECKED_IN')
                           AND tstzrange(b.starts_at, b.ends_at) && tstzrange($2::timestamptz, $2::timestamptz + %s))""".formatted(
            LONGEST_SERVICE.formatted("$3"));

    /** Locks the officer's row (one "next" per officer at a time) and reads what they can serve. */
    private static final String LOCK_OFFICER = """
            SELECT o.id, o.agency_code, o.presence,
                   ARRAY(SELECT l.language FROM case_officer_language l WHERE l.officer_id = o.id) AS languages,
                   ARRAY(SELECT s.service_code FROM case_officer_service s WHERE s.officer_id = o.id) AS services
              FROM case_officer o
             WHERE o.id = $1
               FOR UPDATE OF o""";

    /**
     * Where to look for the officer's next visit, best first: a due booked visit held for them, then per office
     * with a free room and a waiting line for the agency, the head of the eligible part of that line. Offices come
     * from the waiting counts ({@code visit_queue_count}, a view summing a few {@code visit_need_count} rows per
     * office since V26), and each line is read from its head in index order until the first visit the officer may
     * serve, so the cost does not grow with the length of the lines.
     */
    private static final String CANDIDATES = """
            (SELECT v.office_id, v.id AS visit_id, 0 AS tier, v.held_from AS rank_at
               FROM visit v
              WHERE $9 AND v.held_for_officer = $1 AND v.status = 'WAITING' AND v.agency_code = $3
                AND v.held_from <= $2 AND v.held_until > $2
              ORDER BY v.held_from, v.id
              LIMIT 1)
            UNION ALL
            (SELECT q.office_id, NULL::uuid, 1, head.rank_at
               FROM visit_queue_count q
              CROSS JOIN LATERAL (
                    SELECT bool_or(r.accessible) AS accessible FROM room r WHERE r.office_id = q.office_id AND %s) free
              CROSS JOIN LATERAL (
                    SELECT v.rank_at FROM visit v
                     WHERE v.office_id = q.office_id AND v.agency_code = q.agency_code AND v.status = 'WAITING'
                       AND %s AND (NOT v.accessible OR free.accessible)
                     ORDER BY v.rank_at, v.id
                     LIMIT 1) head
              WHERE q.agency_code = $3 AND q.waiting > 0 AND q.office_id <> ALL ($7::text[]) AND %s
                AND free.accessible IS NOT NULL
              ORDER BY head.rank_at, q.office_id
              LIMIT $8::int)
            ORDER BY tier, rank_at""".formatted(
            ROOM_IS_FREE.formatted(LONGEST_SERVICE.formatted("$3"), "NULL::uuid"),
            eligible("$4::text[]", "$5::text[]", "$6::text", "$2::timestamptz"), OFFICER_TAKES_WALK_INS);

    /** The columns of a visit ({@code v}) that {@link #ROOM_FOR_PICK} and {@link #PICKED_SERVICE} read as {@code p}. */
    private static final String PICKED_VISIT = """
            v.id, v.office_id, v.agency_code, v.service_code, v.booking_id, v.booked_room_id, v.accessible""";

    /**
     * A free room of the picked visit's office ({@code p}), locked: an accessible one when the visit needs it, its
     * booked room first, else the one idle longest. A LATERAL subquery of the picks.
     */
    private static final String ROOM_FOR_PICK = """
            SELECT r.id, r.name FROM room r
             WHERE r.office_id = p.office_id AND (r.accessible OR NOT p.accessible) AND %s
             ORDER BY (r.id IS NOT DISTINCT FROM p.booked_room_id) DESC, r.status_changed_at, r.id
             LIMIT 1
               FOR UPDATE OF r SKIP LOCKED""".formatted(ROOM_IS_FREE.formatted(PICKED_SERVICE, "p.booking_id"));

    /**
     * The first of a round's offices ({@code $4}, best first) where the head of the eligible line and a free room can
     * both be locked, skipping rows concurrent calls hold: one statement however many heads are taken. PostgreSQL
     * runs the nested loop lazily, office by office in the array's order, and {@code LIMIT 1} stops it at the first
     * office that yields both, so later offices are not even read. A visit that needs an accessible room is passed
     * over while no accessible room is free there (that check does not depend on the visit: it runs once per office).
     * The rows of an office where the visit could be locked but no room stay locked until the transaction ends, as
     * with any {@code SKIP LOCKED} pick.
     */
    private static final String PICK_WALK_IN = """
            WITH pick AS MATERIALIZED (
                SELECT p.id, p.office_id, rp.id AS room_id, rp.name AS room_name
                  FROM unnest($4::text[]) AS c(office_id)
                 CROSS JOIN LATERAL (
                       SELECT %s
                         FROM visit v
                        WHERE v.office_id = c.office_id AND v.agency_code = $5 AND v.status = 'WAITING' AND %s
                          AND (NOT v.accessible OR EXISTS (SELECT 1 FROM room r
                                                            WHERE r.office_id = c.office_id AND r.accessible AND %s))
                        ORDER BY v.rank_at, v.id
                        LIMIT 1
                          FOR UPDATE SKIP LOCKED) p
                 CROSS JOIN LATERAL (%s) rp
                 LIMIT 1
            )""".formatted(PICKED_VISIT, eligible("$6::text[]", "$7::text[]", "$8::text", "$2::timestamptz"),
            ROOM_IS_FREE.formatted(LONGEST_SERVICE.formatted("$5"), "NULL::uuid"), ROOM_FOR_PICK);

    /** A booked visit held for the officer ({@code $4}) and a free room for it, both locked. */
    private static final String PICK_BOOKED = """
            WITH pick AS MATERIALIZED (
                SELECT p.id, p.office_id, rp.id AS room_id, rp.name AS room_name
                  FROM (SELECT %s
                          FROM visit v
                         WHERE v.id = $4 AND v.status = 'WAITING' AND v.held_for_officer = $1
                           FOR UPDATE SKIP LOCKED) p
                 CROSS JOIN LATERAL (%s) rp
            )""".formatted(PICKED_VISIT, ROOM_FOR_PICK);

    /**
     * After a visit and a room are picked and locked: call the visit there, reserve the room, make the officer BUSY
     * and write the history. When nothing could be picked the statement changes nothing and returns no row.
     */
    private static final String CALL = """
            , called AS (
                UPDATE visit v
                   SET status = 'CALLED', officer_id = $1, room_id = p.room_id, called_at = $2, updated_at = $2
                  FROM pick p
                 WHERE v.id = p.id
                RETURNING v.*
            ), reserved AS (
                UPDATE room r SET status = 'RESERVED', status_changed_at = $2, cleaning_until = NULL
                  FROM called c
                 WHERE r.id = c.room_id
                RETURNING r.id
            ), busy AS (
                UPDATE case_officer o SET presence = 'BUSY', presence_changed_at = $2
                  FROM called c
                 WHERE o.id = c.officer_id
                RETURNING o.id
            ), logged AS (
                INSERT INTO visit_transition (visit_id, at, action, from_status, to_status, office_id, agency_code,
                                              service_code, officer_id, room_id, actor, actor_role)
                SELECT c.id, $2, 'CALLED', 'WAITING', 'CALLED', c.office_id, c.agency_code, c.service_code,
                       c.officer_id, c.room_id, $3, 'officer'
                  FROM called c
            )
            SELECT %s, o.time_zone, p.room_name, co.name AS officer_name,
                   (SELECT count(*) FROM reserved) AS reserved, (SELECT count(*) FROM busy) AS busy
              FROM called v
              JOIN pick p ON p.id = v.id
              JOIN office o ON o.id = v.office_id
              JOIN case_officer co ON co.id = v.officer_id""".formatted(VisitQueries.COLUMNS);

    /** An officer about to call a visit, locked. */
    record OfficerOnDuty(UUID id, String agency, Presence presence, String[] languages, String[] services) {
    }

    /** Where to try to call a visit: a held booked visit, or the head of an office's line. */
    record Candidate(String officeId, UUID bookedVisitId) {
        boolean booked() {
            return bookedVisitId != null;
        }
    }

    /**
     * One round of looking for candidates: at most {@code offices} offices not among {@code excludedOffices}, and a
     * held booked visit first when {@code withBooked}.
     */
    record Search(OfficerOnDuty officer, Instant now, String interpreterLanguage, List<String> excludedOffices,
            int offices, boolean withBooked) {

        /** {@link #CANDIDATES}' parameters $1..$9. */
        Tuple tuple() {
            return Tuple.from(new Object[] { officer.id(), VisitQueries.ts(now), officer.agency(), officer.services(),
                    officer.languages(), interpreterLanguage, excludedOffices.toArray(String[]::new), offices,
                    withBooked });
        }
    }

    /**
     * One call, on behalf of {@code actor} (the access log's key of the caller): the booked visit held for the officer
     * ({@code bookedVisitId}), or else the first of {@code offices} (best first) where the head of the eligible line
     * and a free room can both be had.
     */
    record Attempt(OfficerOnDuty officer, UUID bookedVisitId, List<String> offices, Instant now, String actor,
            String interpreterLanguage) {

        static Attempt booked(OfficerOnDuty officer, UUID visit, Instant now, String actor) {
            return new Attempt(officer, visit, List.of(), now, actor, null);
        }

        static Attempt walkIn(OfficerOnDuty officer, List<String> offices, Instant now, String actor,
                String interpreterLanguage) {
            return new Attempt(officer, null, List.copyOf(offices), now, actor, interpreterLanguage);
        }

        String sql() {
            return bookedVisitId != null ? PICK_BOOKED + CALL : PICK_WALK_IN + CALL;
        }

        /** {@link #PICK_BOOKED}' parameters $1..$4, or {@link #PICK_WALK_IN}'s $1..$8 (both followed by CALL). */
        Tuple tuple() {
            return bookedVisitId != null
                    ? Tuple.of(officer.id(), VisitQueries.ts(now), actor, bookedVisitId)
                    : Tuple.from(new Object[] { officer.id(), VisitQueries.ts(now), actor,
                            offices.toArray(String[]::new), officer.agency(), officer.services(), officer.languages(),
                            interpreterLanguage });
        }
    }

    Uni<OfficerOnDuty> lockOfficer(SqlConnection c, UUID officerId) {
        return c.preparedQuery(LOCK_OFFICER).execute(Tuple.of(officerId)).map(rows -> first(rows,
                row -> new OfficerOnDuty(row.getUUID("id"), row.getString("agency_code"),
                        Presence.valueOf(row.getString("presence")), row.getArrayOfStrings("languages"),
                        row.getArrayOfStrings("services"))));
    }

    Uni<List<Candidate>> candidates(SqlConnection c, Search search) {
        return c.preparedQuery(CANDIDATES).execute(search.tuple()).map(rows -> {
            List<Candidate> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(new Candidate(row.getString("office_id"), row.getUUID("visit_id")));
            }
            return out;
        });
    }

    /** Calls the attempt's visit to a free room of its office; null when no visit and room could be had. */
    Uni<Visit> call(SqlConnection c, Attempt attempt) {
        return c.preparedQuery(attempt.sql()).execute(attempt.tuple()).map(rows -> first(rows, row -> {
            if (row.getLong("reserved") != 1 || row.getLong("busy") != 1) {
                // Cannot happen while the room and the officer are locked; never commit a half call.
                throw new IllegalStateException("A call reserved " + row.getLong("reserved") + " rooms");
            }
            return Visit.from(row);
        }));
    }

    private static String eligible(String services, String languages, String interpreterLanguage, String now) {
        return """
                v.service_code = ANY (%1$s)
                AND (v.language IS NULL OR v.language = ANY (%2$s) OR (v.interpreter AND %3$s = ANY (%2$s)))
                AND (v.held_for_officer IS NULL OR v.held_until <= %4$s)""".formatted(services, languages,
                interpreterLanguage, now);
    }

    private static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        var it = rows.iterator();
        return it.hasNext() ? mapper.apply(it.next()) : null;
    }
}
