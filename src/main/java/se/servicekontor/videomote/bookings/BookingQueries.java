package se.servicekontor.videomote.bookings;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.bookings.SlotGrid.Period;
import se.servicekontor.videomote.common.Problem.FieldError;
import se.servicekontor.videomote.privacy.PersonalNumbers;

/**
 * Raw SQL of bookings. Bookings are operational and concurrent: they are written here, in the caller's transaction,
 * and the database's exclusion constraints have the last word on overlaps.
 */
@ApplicationScoped
class BookingQueries {

    static final String ACTIVE = "('BOOKED', 'CHECKED_IN')";

    private final PersonalNumbers numbers;

    BookingQueries(PersonalNumbers numbers) {
        this.numbers = numbers;
    }

    /**
     * The agency and service, and offices with their calendars between two dates ($4, $5). One row even when there
     * is no office, so unknown agency and service can be told apart. {@code %s} selects the offices. Each
     * calendar table is read once per office, its columns aggregated side by side in the same order.
     */
    private static final String CONTEXT = """
            SELECT s.agency_known, s.duration_minutes, f.id, f.kind, f.time_zone, f.closed_on_holidays,
                   EXISTS (SELECT 1 FROM office_agency oa WHERE oa.office_id = f.id AND oa.agency_code = $2) AS offers_agency,
                   h.hour_days, h.hour_opens, h.hour_closes, t.stop_dates, t.stop_opens, t.stop_closes,
                   ARRAY(SELECT c.date FROM office_closure c WHERE c.office_id = f.id AND c.date BETWEEN $4 AND $5)
                         AS closure_dates,
                   ARRAY(SELECT o.date FROM office_holiday_opening o WHERE o.office_id = f.id AND o.date BETWEEN $4 AND $5)
                         AS holiday_openings
            FROM (SELECT EXISTS (SELECT 1 FROM agency a WHERE a.code = $2) AS agency_known,
                         (SELECT d.duration_minutes FROM agency_service d
                          WHERE d.agency_code = $2 AND d.code = $3 AND d.retired_at IS NULL)
                             AS duration_minutes) s
            LEFT JOIN office f ON %s
            LEFT JOIN LATERAL (
                SELECT coalesce(array_agg(h.day ORDER BY h.day, h.opens), '{}') AS hour_days,
                       coalesce(array_agg(h.opens ORDER BY h.day, h.opens), '{}') AS hour_opens,
                       coalesce(array_agg(h.closes ORDER BY h.day, h.opens), '{}') AS hour_closes
                FROM office_opening_hours h WHERE h.office_id = f.id) h ON true
            LEFT JOIN LATERAL (
                SELECT coalesce(array_agg(t.date ORDER BY t.date, t.opens), '{}') AS stop_dates,
                       coalesce(array_agg(t.opens ORDER BY t.date, t.opens), '{}') AS stop_opens,
                       coalesce(array_agg(t.closes ORDER BY t.date, t.opens), '{}') AS stop_closes
                FROM office_stop t WHERE t.office_id = f.id AND t.date BETWEEN $4 AND $5) t ON true
            ORDER BY f.id""";

    /** One office ($1), whether or not it offers the agency; a retired office is no longer known. */
    private static final String CONTEXT_ONE = CONTEXT.formatted("f.id = $1 AND f.retired_at IS NULL");

    /** Every office offering the agency ($1 is unused but keeps the parameters of both forms alike). */
    private static final String CONTEXT_ALL = CONTEXT.formatted(
            "$1::text IS NULL AND f.retired_at IS NULL"
            + " AND EXISTS (SELECT 1 FROM office_agency oa WHERE oa.office_id = f.id AND oa.agency_code = $2)");

    /** The office's bookable rooms and their active bookings in a window. */
    private static final String ROOM_LOAD = """
            SELECT r.id, r.office_id, b.starts_at, b.ends_at
            FROM room r
            LEFT JOIN booking b ON b.room_id = r.id AND b.status IN %s
                 AND tstzrange(b.starts_at, b.ends_at) && tstzrange($2, $3)
            WHERE r.office_id = ANY($1::text[]) AND r.status <> 'OUT_OF_SERVICE' AND (r.accessible OR NOT $4)
            """.formatted(ACTIVE);

    /** The shifts and active bookings, in a window, of the agency's officers who have the service (and language). */
    private static final String OFFICER_LOAD = """
            WITH officers AS (
                SELECT o.id FROM case_officer o
                JOIN case_officer_service cs ON cs.officer_id = o.id AND cs.service_code = $2
                WHERE o.agency_code = $1 AND o.retired_at IS NULL
                  AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM case_officer_language l
                                                   WHERE l.officer_id = o.id AND l.language = $3::text)))
            SELECT s.officer_id, true AS shift, s.starts_at, s.ends_at
            FROM officer_shift s JOIN officers o ON o.id = s.officer_id
            WHERE tstzrange(s.starts_at, s.ends_at) && tstzrange($4, $5)
            UNION ALL
            SELECT b.officer_id, false AS shift, b.starts_at, b.ends_at
            FROM booking b JOIN officers o ON o.id = b.officer_id
            WHERE b.status IN %s AND tstzrange(b.starts_at, b.ends_at) && tstzrange($4, $5)
            """.formatted(ACTIVE);

    /**
     * The best free room and officer for a slot. Rooms: not out of service, accessible if asked; the booking's own
     * room first when it moves, else other rooms before accessible ones. Officers: of the agency, with the service
     * and the language, a shift (or touching shifts) covering the whole slot; the booking's own officer first when
     * it moves, else the one with the fewest bookings that day (read from {@code officer_day_load}, kept with the
     * bookings, instead of counting their day). Ties are broken at random so that concurrent requests spread over the
     * candidates instead of queueing for the same one. The agency's loads of the day are read once, in one range
     * of an index, into a JSON object that the ranking looks each officer up in: an uncorrelated subquery, which
     * PostgreSQL runs once per execution whatever the statistics say, where a probe per officer read about three
     * buffers an officer (an agency of 330 officers: the pick alone 1.6-1.9 ms against 0.9-1.0, bench/README).
     *
     * <p>Rooms and officers are ranked first (an officer's ranking is a lookup in that object) and checked after, in
     * rank order, until one is free (an officer: and has a shift covering the slot): {@code LIMIT 1} stops there, so a
     * pick probes the bookings of the first room or few instead of every room of the office (16 in a large one: at one
     * office the probes of all rooms were a third of the machine's CPU under load), and the shifts and bookings of the
     * first officer or few instead of every officer of the agency (hundreds in a national agency). The inner
     * {@code OFFSET 0} keeps the planner from pushing those checks below the ranking (it may not move conditions below
     * an OFFSET), and a subquery scan with a filter passes its rows on in the order it gets them.
     *
     * <p>{@code OFFSET 0} keeps each "is it free" check a subplan probed per room and per officer, with the room or
     * officer id and the time range together as the condition on the exclusion constraint's index. Without it the
     * planner turns NOT EXISTS into an anti-join whose inner side searches that (id, range) index by the time range
     * alone, once per officer: many times the pages, and more as the table grows (measured with pgbench on the
     * benchmark's data, 32 officers and about 60,000 bookings: 7.7 ms per pick instead of 1.3 ms).
     */
    private static final String PICK = """
            room_pick AS MATERIALIZED (
                SELECT c.id, c.name FROM (
                    SELECT r.id, r.name FROM room r
                    WHERE r.office_id = $1 AND r.status <> 'OUT_OF_SERVICE' AND (r.accessible OR NOT $6)
                    ORDER BY r.id IS NOT DISTINCT FROM $10::uuid DESC, r.accessible, random()
                    OFFSET 0) c
                WHERE NOT EXISTS (SELECT 1 FROM booking b
                                  WHERE b.room_id = c.id AND b.status IN %1$s
                                    AND tstzrange(b.starts_at, b.ends_at) && tstzrange($4, $5)
                                    AND b.id IS DISTINCT FROM $9::uuid
                                  OFFSET 0)
                LIMIT 1
            ), officer_pick AS MATERIALIZED (
                SELECT c.id, c.name FROM (
                    SELECT o.id, o.name FROM case_officer o
                    JOIN case_officer_service cs ON cs.officer_id = o.id AND cs.service_code = $3
                    WHERE o.agency_code = $2 AND o.retired_at IS NULL
                      AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM case_officer_language l
                                                       WHERE l.officer_id = o.id AND l.language = $7::text))
                    ORDER BY o.id IS NOT DISTINCT FROM $11::uuid DESC,
                             coalesce(((SELECT jsonb_object_agg(l.officer_id, l.bookings) FROM officer_day_load l
                                        WHERE l.agency_code = $2 AND l.day = $8::date) ->> o.id::text)::int, 0),
                             random()
                    OFFSET 0) c
                WHERE (SELECT range_agg(tstzrange(s.starts_at, s.ends_at)) FROM officer_shift s
                       WHERE s.officer_id = c.id AND tstzrange(s.starts_at, s.ends_at) && tstzrange($4, $5))
                      @> tstzrange($4, $5)
                  AND NOT EXISTS (SELECT 1 FROM booking b
                                  WHERE b.officer_id = c.id AND b.status IN %1$s
                                    AND tstzrange(b.starts_at, b.ends_at) && tstzrange($4, $5)
                                    AND b.id IS DISTINCT FROM $9::uuid
                                  OFFSET 0)
                LIMIT 1
            )""".formatted(ACTIVE);

    private static final String PICKED = """
            SELECT (SELECT id FROM room_pick) AS room_id, (SELECT name FROM room_pick) AS room_name,
                   (SELECT id FROM officer_pick) AS officer_id, (SELECT name FROM officer_pick) AS officer_name,
                   EXISTS (SELECT 1 FROM written) AS written""";

    /**
     * Picks and inserts in one statement. ON CONFLICT DO NOTHING covers the exclusion constraints: when a
     * concurrent booking took the room or the officer the statement writes nothing (after waiting for that booking
     * to commit or roll back) instead of aborting the transaction, so the caller can simply pick again.
     */
    private static final String INSERT = "WITH " + PICK + """
            , written AS (
                INSERT INTO booking (id, reference, office_id, agency_code, service_code, room_id, officer_id,
                                     starts_at, ends_at, status, language, interpreter, accessible_room, visitor_name,
                                     visitor_phone, visitor_email, visitor_personal_number_enc, created_by, created_at,
                                     updated_at, status_changed_at, visitor_personal_number_hmac,
                                     visitor_personal_number_hmac_key)
                SELECT $12, $13, $1, $2, $3, rp.id, op.id, $4, $5, 'BOOKED', $7::text, $14, $6, $15, $16, $17, $18, $19,
                       $20, $20, $20, $21, $22
                FROM room_pick rp CROSS JOIN officer_pick op
                ON CONFLICT DO NOTHING
                RETURNING id)
            """ + PICKED;

    /**
     * Picks and moves an existing booking. Unlike an insert, an update cannot skip a conflict: a concurrent overlap
     * fails with an exclusion violation, and two crossing moves can deadlock, hence {@link #MOVE_LOCK}.
     */
    private static final String MOVE = "WITH " + PICK + """
            , written AS (
                UPDATE booking b SET room_id = rp.id, officer_id = op.id, starts_at = $4, ends_at = $5, updated_at = $12
                FROM room_pick rp CROSS JOIN officer_pick op
                WHERE b.id = $9::uuid
                RETURNING b.id)
            """ + PICKED;

    /**
     * Moves of bookings of one office, and of one agency, take turns: two updates that claim the same room or
     * officer would otherwise wait on each other's new row (exclusion constraints have no ON CONFLICT escape for
     * updates). Taken office first, then agency, so that the locks themselves cannot deadlock.
     */
    private static final String MOVE_LOCK = "SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))";

    private static final String OFFICE_ZONE = "SELECT time_zone FROM office WHERE id = $1";

    private static final String FIND = "SELECT " + Booking.COLUMNS + " FROM booking b " + Booking.JOINS
            + " WHERE b.id = $1";

    private static final String LOCK = FIND + " FOR UPDATE OF b";

    private static final String BY_REFERENCE = "SELECT " + Booking.COLUMNS + " FROM booking b " + Booking.JOINS
            + " WHERE b.reference = $1";

    private static final String OFFICE_DAY = "SELECT " + Booking.COLUMNS + " FROM booking b " + Booking.JOINS + """

            WHERE b.office_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3
              AND ($4::text IS NULL OR b.agency_code = $4::text) AND ($5::text IS NULL OR b.status = $5::text)
            ORDER BY b.starts_at, b.reference
            LIMIT $6""";

    /**
     * Active bookings from a time on that hold an office ($1 = 'office'), a room ('room'), an officer ('officer') or
     * a service ('service', $2 = agency/service), for refusing to close or retire what they need. Locked when asked,
     * so that a concurrent check-in waits.
     */
    private static final String HOLDING = """
            SELECT b.id, b.reference, b.starts_at, b.status, f.time_zone FROM booking b JOIN office f ON f.id = b.office_id
            WHERE b.status IN %s AND b.starts_at >= $3 AND b.starts_at < $4
              AND CASE $1::text WHEN 'office' THEN b.office_id = $2
                                WHEN 'room' THEN b.room_id::text = $2
                                WHEN 'officer' THEN b.officer_id::text = $2
                                ELSE b.agency_code || '/' || b.service_code = $2 END
            ORDER BY b.starts_at, b.reference
            LIMIT $5""".formatted(ACTIVE);

    private static final String SET_STATUS = """
            WITH b AS (
                UPDATE booking SET status = $2, status_changed_at = $3, updated_at = $3,
                       checked_in_at = CASE WHEN $2::text = 'CHECKED_IN' THEN $3 ELSE checked_in_at END
                WHERE id = $1
                RETURNING *)
            SELECT %s FROM b %s""".formatted(Booking.COLUMNS, Booking.JOINS);

    /** Ends a CHECKED_IN booking with its visit; any other status is left as it is. */
    private static final String FINISH = """
            WITH b AS (
                UPDATE booking SET status = $2, status_changed_at = $3, updated_at = $3
                WHERE id = $1 AND status = 'CHECKED_IN'
                RETURNING *)
            SELECT %s FROM b %s""".formatted(Booking.COLUMNS, Booking.JOINS);

    /** Marks bookings whose visitor never came; SKIP LOCKED lets several instances sweep without waiting. */
    private static final String SWEEP_NO_SHOWS = """
            WITH due AS (
                SELECT id FROM booking WHERE status = 'BOOKED' AND starts_at <= $1
                ORDER BY starts_at LIMIT $2 FOR UPDATE SKIP LOCKED
            ), b AS (
                UPDATE booking x SET status = 'NO_SHOW', status_changed_at = $3, updated_at = $3
                FROM due WHERE x.id = due.id
                RETURNING x.*)
            SELECT %s FROM b %s""".formatted(Booking.COLUMNS, Booking.JOINS);

    // --- records ------------------------------------------------------------------------------------------------

    /** An office of a {@link Context}: its calendar, and whether it offers the agency asked about. */
    record OfficeEntry(OfficeCalendar calendar, boolean offersAgency) {
    }

    /** What a booking or availability request refers to. {@code durationMinutes} is null for an unknown service. */
    record Context(boolean agencyKnown, Integer durationMinutes, List<OfficeEntry> offices) {

        /** What the request got wrong: an unknown agency, service or office, or an office without the agency. */
        List<FieldError> problems(String officeId) {
            List<FieldError> errors = new ArrayList<>();
            if (!agencyKnown) {
                errors.add(new FieldError("agency", "is not a known agency"));
            } else if (durationMinutes == null) {
                errors.add(new FieldError("service", "is not a service of this agency"));
            }
            if (officeId != null) {
                if (offices.isEmpty()) {
                    errors.add(new FieldError("office", "is not a known office"));
                } else if (agencyKnown && !offices.get(0).offersAgency()) {
                    errors.add(new FieldError("office", "does not offer this agency"));
                }
            }
            return errors;
        }
    }

    /** A slot to fill and what the room and officer must satisfy. */
    record Wanted(String officeId, String agency, String service, Instant start, Instant end, boolean accessibleRoom,
            String language, LocalDate day, UUID booking, UUID preferRoom, UUID preferOfficer) {
    }

    /** The visitor and the rest of a new booking. */
    record NewBooking(UUID id, String reference, boolean interpreter, String visitorName, String visitorPhone,
            String visitorEmail, String personalNumber, String createdBy, Instant now) {

        NewBooking withReference(String another) {
            return new NewBooking(id, another, interpreter, visitorName, visitorPhone, visitorEmail, personalNumber,
                    createdBy, now);
        }
    }

    /** The room and officer one attempt picked (null when none was free) and whether it wrote the booking. */
    record Pick(UUID roomId, String roomName, UUID officerId, String officerName, boolean written) {
        static Pick from(Row row) {
            return new Pick(row.getUUID("room_id"), row.getString("room_name"), row.getUUID("officer_id"),
                    row.getString("officer_name"), row.getBoolean("written"));
        }
    }

    /** One officer's shifts and active bookings in the window asked about. */
    record OfficerLoad(Timeline shifts, Timeline bookings) {
        boolean freeFor(Instant start, Instant end) {
            return shifts.covers(start, end) && !bookings.overlaps(start, end);
        }
    }

    // --- availability -------------------------------------------------------------------------------------------

    Uni<Context> context(SqlConnection c, String officeId, String agency, String service, LocalDate from,
            LocalDate to) {
        return c.preparedQuery(officeId != null ? CONTEXT_ONE : CONTEXT_ALL)
                .execute(Tuple.of(officeId, agency, service, from, to)).map(rows -> {
            boolean agencyKnown = false;
            Integer duration = null;
            List<OfficeEntry> offices = new ArrayList<>();
            for (Row row : rows) {
                agencyKnown = row.getBoolean("agency_known");
                duration = row.getInteger("duration_minutes");
                if (row.getString("id") != null) {
                    offices.add(new OfficeEntry(calendar(row), row.getBoolean("offers_agency")));
                }
            }
            return new Context(agencyKnown, duration, offices);
        });
    }

    /** One office's calendar between two dates, read as availability reads it; null for an unknown office. */
    Uni<OfficeCalendar> calendar(SqlConnection c, String officeId, LocalDate from, LocalDate to) {
        return context(c, officeId, null, null, from, to)
                .map(ctx -> ctx.offices().isEmpty() ? null : ctx.offices().get(0).calendar());
    }

    /** The bookable rooms of each office, each as the timeline of its active bookings in [from, to). */
    Uni<Map<String, List<Timeline>>> roomLoad(SqlConnection c, List<String> officeIds, Instant from, Instant to,
            boolean accessibleOnly) {
        return c.preparedQuery(ROOM_LOAD)
                .execute(Tuple.of(officeIds.toArray(String[]::new), utc(from), utc(to), accessibleOnly))
                .map(rows -> {
                    Map<UUID, String> officeOf = new LinkedHashMap<>();
                    Map<UUID, Timeline.Builder> rooms = new HashMap<>();
                    for (Row row : rows) {
                        UUID room = row.getUUID("id");
                        officeOf.put(room, row.getString("office_id"));
                        Timeline.Builder busy = rooms.computeIfAbsent(room, r -> new Timeline.Builder());
                        if (row.getOffsetDateTime("starts_at") != null) {
                            busy.add(row.getOffsetDateTime("starts_at").toInstant(),
                                    row.getOffsetDateTime("ends_at").toInstant());
                        }
                    }
                    Map<String, List<Timeline>> byOffice = new HashMap<>();
                    officeOf.forEach((room, office) -> byOffice.computeIfAbsent(office, o -> new ArrayList<>())
                            .add(rooms.get(room).build()));
                    return byOffice;
                });
    }

    /** Every officer who could take the service, with shifts and bookings in [from, to). */
    Uni<List<OfficerLoad>> officerLoad(SqlConnection c, String agency, String service, String language,
            Instant from, Instant to) {
        return c.preparedQuery(OFFICER_LOAD)
                .execute(Tuple.of(agency, service, language, utc(from), utc(to)))
                .map(rows -> {
                    Map<UUID, Timeline.Builder> shifts = new HashMap<>();
                    Map<UUID, Timeline.Builder> bookings = new HashMap<>();
                    for (Row row : rows) {
                        UUID officer = row.getUUID("officer_id");
                        shifts.computeIfAbsent(officer, o -> new Timeline.Builder());
                        Timeline.Builder target = row.getBoolean("shift") ? shifts.get(officer)
                                : bookings.computeIfAbsent(officer, o -> new Timeline.Builder());
                        target.add(row.getOffsetDateTime("starts_at").toInstant(),
                                row.getOffsetDateTime("ends_at").toInstant());
                    }
                    List<OfficerLoad> loads = new ArrayList<>();
                    shifts.forEach((officer, shift) -> loads.add(new OfficerLoad(shift.build(),
                            bookings.getOrDefault(officer, new Timeline.Builder()).build())));
                    return loads;
                });
    }

    // --- writing ------------------------------------------------------------------------------------------------

    /** One attempt to pick a room and an officer and insert the booking. */
    Uni<Pick> insert(SqlConnection tx, Wanted w, NewBooking n) {
        Object[] params = pickParams(w, 22);
        params[11] = n.id();
        params[12] = n.reference();
        params[13] = n.interpreter();
        params[14] = n.visitorName();
        params[15] = n.visitorPhone();
        params[16] = n.visitorEmail();
        // Stored encrypted (bound to the booking id) and, for lookups, as a keyed hash; never in clear.
        params[17] = n.personalNumber() == null ? null : numbers.encrypt(n.id(), n.personalNumber());
        params[18] = n.createdBy();
        params[19] = utc(n.now());
        params[20] = n.personalNumber() == null ? null
                : io.vertx.core.buffer.Buffer.buffer(numbers.lookupHash(n.personalNumber()));
        params[21] = n.personalNumber() == null ? null : numbers.lookupKeyFingerprint();
        return tx.preparedQuery(INSERT).execute(Tuple.from(params)).map(rows -> Pick.from(rows.iterator().next()));
    }

    /** One attempt to pick a room and an officer for booking {@code w.booking()} at its new time and move it. */
    Uni<Pick> move(SqlConnection tx, Wanted w, Instant now) {
        Object[] params = pickParams(w, 12);
        params[11] = utc(now);
        return tx.preparedQuery(MOVE).execute(Tuple.from(params)).map(rows -> Pick.from(rows.iterator().next()));
    }

    /** Waits until no other transaction is moving a booking of this office or agency (see {@link #MOVE_LOCK}). */
    Uni<Void> lockMoves(SqlConnection tx, String officeId, String agency) {
        return tx.preparedQuery(MOVE_LOCK).execute(Tuple.of("videomote.bookings.move.office", officeId))
                .chain(() -> tx.preparedQuery(MOVE_LOCK).execute(Tuple.of("videomote.bookings.move.agency", agency)))
                .replaceWithVoid();
    }

    private static final String SELF_SERVICE = """
            UPDATE booking SET manage_code_hash = $2, locale = $3 WHERE id = $1""";
    private static final String MANAGE_CODE = """
            SELECT id, manage_code_hash FROM booking WHERE reference = $1""";

    /** A self-booked booking: the hash of the visitor's manage code and the language of the visitor's texts. */
    Uni<Void> selfService(SqlConnection tx, UUID id, byte[] manageCodeHash, String locale) {
        return tx.preparedQuery(SELF_SERVICE)
                .execute(Tuple.of(id, io.vertx.core.buffer.Buffer.buffer(manageCodeHash), locale))
                .replaceWithVoid();
    }

    /** The booking with this reference and the hash of its manage code (null when staff booked it). */
    record ManageCode(UUID id, byte[] hash) {
    }

    /** Null when there is no booking with this reference. */
    Uni<ManageCode> manageCode(SqlConnection c, String reference) {
        return c.preparedQuery(MANAGE_CODE).execute(Tuple.of(reference)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return null;
            }
            var row = rows.iterator().next();
            var hash = row.getBuffer("manage_code_hash");
            return new ManageCode(row.getUUID("id"), hash == null ? null : hash.getBytes());
        });
    }

    Uni<Booking> setStatus(SqlConnection tx, UUID id, BookingStatus status, Instant now) {
        return tx.preparedQuery(SET_STATUS).execute(Tuple.of(id, status.name(), utc(now))).map(this::single);
    }

    /** The booking after ending it with its visit, or null when it was not CHECKED_IN. */
    Uni<Booking> finish(SqlConnection tx, UUID id, BookingStatus status, Instant now) {
        return tx.preparedQuery(FINISH).execute(Tuple.of(id, status.name(), utc(now)))
                .map(rows -> rows.iterator().hasNext() ? Booking.from(rows.iterator().next(), numbers) : null);
    }

    /** Marks up to {@code limit} BOOKED bookings that started at or before {@code startedBy} as NO_SHOW. */
    Uni<List<Booking>> markNoShows(SqlConnection tx, Instant startedBy, int limit, Instant now) {
        return tx.preparedQuery(SWEEP_NO_SHOWS).execute(Tuple.of(utc(startedBy), limit, utc(now)))
                .map(this::all);
    }

    /** An active booking that holds something, as staff see it in a conflict: no visitor. */
    record Holding(UUID id, String reference, OffsetDateTime start, BookingStatus status) {
    }

    /** Active bookings holding {@code what} ('office', 'room', 'officer', 'service') {@code id} in [from, to). */
    Uni<List<Holding>> holding(SqlConnection c, String what, String id, Instant from, Instant to, int limit,
            boolean lock) {
        return c.preparedQuery(lock ? HOLDING + " FOR UPDATE OF b" : HOLDING)
                .execute(Tuple.of(what, id, utc(from), utc(to), limit)).map(rows -> {
                    List<Holding> list = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        list.add(new Holding(row.getUUID("id"), row.getString("reference"),
                                row.getOffsetDateTime("starts_at").atZoneSameInstant(ZoneId.of(row.getString("time_zone")))
                                        .toOffsetDateTime(),
                                BookingStatus.valueOf(row.getString("status"))));
                    }
                    return list;
                });
    }

    // --- reading ------------------------------------------------------------------------------------------------

    /** The office's time zone, or null when there is no such office. */
    Uni<ZoneId> officeZone(SqlConnection c, String officeId) {
        return c.preparedQuery(OFFICE_ZONE).execute(Tuple.of(officeId))
                .map(rows -> rows.iterator().hasNext() ? ZoneId.of(rows.iterator().next().getString(0)) : null);
    }

    Uni<Booking> find(SqlConnection c, UUID id) {
        return c.preparedQuery(FIND).execute(Tuple.of(id)).map(this::single);
    }

    /** The booking, locked until the transaction ends; null when there is none. */
    Uni<Booking> lock(SqlConnection tx, UUID id) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(id)).map(this::single);
    }

    Uni<Booking> byReference(SqlConnection c, String reference) {
        return c.preparedQuery(BY_REFERENCE).execute(Tuple.of(reference)).map(this::single);
    }

    /** Bookings of an office starting in [from, to), optionally of one agency and one status, by start. */
    Uni<List<Booking>> forOffice(SqlConnection c, String officeId, Instant from, Instant to, String agency,
            BookingStatus status, int limit) {
        return c.preparedQuery(OFFICE_DAY)
                .execute(Tuple.from(new Object[] { officeId, utc(from), utc(to), agency,
                        status == null ? null : status.name(), limit }))
                .map(this::all);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Object[] pickParams(Wanted w, int size) {
        Object[] p = new Object[size];
        p[0] = w.officeId();
        p[1] = w.agency();
        p[2] = w.service();
        p[3] = utc(w.start());
        p[4] = utc(w.end());
        p[5] = w.accessibleRoom();
        p[6] = w.language();
        p[7] = w.day();
        p[8] = w.booking();
        p[9] = w.preferRoom();
        p[10] = w.preferOfficer();
        return p;
    }

    private static OfficeCalendar calendar(Row row) {
        OfficeCalendar calendar = new OfficeCalendar(row.getString("id"), row.getString("kind"),
                row.getString("time_zone"));
        Short[] days = row.getArrayOfShorts("hour_days");
        LocalTime[] opens = row.getArrayOfLocalTimes("hour_opens");
        LocalTime[] closes = row.getArrayOfLocalTimes("hour_closes");
        for (int i = 0; i < days.length; i++) {
            calendar.openingHours(DayOfWeek.of(days[i]), new Period(opens[i], closes[i]));
        }
        LocalDate[] stopDates = row.getArrayOfLocalDates("stop_dates");
        LocalTime[] stopOpens = row.getArrayOfLocalTimes("stop_opens");
        LocalTime[] stopCloses = row.getArrayOfLocalTimes("stop_closes");
        for (int i = 0; i < stopDates.length; i++) {
            calendar.stop(stopDates[i], new Period(stopOpens[i], stopCloses[i]));
        }
        for (LocalDate closed : row.getArrayOfLocalDates("closure_dates")) {
            calendar.closure(closed);
        }
        calendar.closedOnHolidays(row.getBoolean("closed_on_holidays"));
        for (LocalDate open : row.getArrayOfLocalDates("holiday_openings")) {
            calendar.holidayOpening(open);
        }
        return calendar;
    }

    private Booking single(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Booking.from(it.next(), numbers) : null;
    }

    private List<Booking> all(RowSet<Row> rows) {
        List<Booking> list = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            list.add(Booking.from(row, numbers));
        }
        return list;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
