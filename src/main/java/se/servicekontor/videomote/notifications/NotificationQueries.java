package se.servicekontor.videomote.notifications;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The outbox's SQL. Messages are claimed with {@code FOR UPDATE SKIP LOCKED}, so any number of instances share it. */
@ApplicationScoped
class NotificationQueries {

    /** What the texts of a booking's messages need, read in the transaction that changed the booking. */
    record BookingFacts(UUID id, String reference, String officeName, String agencyName, String serviceName,
            String timeZone, Instant start, Instant end, String locale, String visitorName, String phone,
            String email, String status) {
    }

    /** What a walk-in's "your turn soon" needs. */
    record VisitFacts(UUID id, String ticket, String officeName, String agencyName) {
    }

    /** A new outbox row. */
    record NewMessage(UUID id, UUID bookingId, UUID visitId, NotificationChannel channel, NotificationKind kind,
            NotificationStatus status, Instant due, String locale, String recipient, String subject, String body,
            String calendar, Integer icsSequence) {
    }

    /** A claimed message, ready to be handed to its provider. */
    record Claimed(UUID id, NotificationChannel channel, NotificationKind kind, int attempts, String recipient,
            String subject, String body, String calendar) {
    }

    /** A message as the API lists it. */
    record Listed(UUID id, NotificationChannel channel, NotificationKind kind, NotificationStatus status, int attempts,
            Instant sentAt, Instant createdAt) {
    }

    private static final String BOOKING_FACTS = """
            SELECT b.id, b.reference, o.name AS office_name, a.name AS agency_name,
                   coalesce(s.name, b.service_code) AS service_name, o.time_zone, b.starts_at, b.ends_at,
                   coalesce(b.locale, CASE WHEN b.language = 'en' THEN 'en' ELSE 'sv' END) AS locale,
                   b.visitor_name, b.visitor_phone, b.visitor_email, b.status
              FROM booking b
              JOIN office o ON o.id = b.office_id
              JOIN agency a ON a.code = b.agency_code
              LEFT JOIN agency_service s ON s.agency_code = b.agency_code AND s.code = b.service_code
             WHERE b.id = $1""";

    private static final String VISIT_FACTS = """
            SELECT v.id, v.ticket, o.name AS office_name, a.name AS agency_name
              FROM visit v JOIN office o ON o.id = v.office_id JOIN agency a ON a.code = v.agency_code
             WHERE v.id = $1""";

    private static final String NEXT_SEQUENCE = """
            SELECT coalesce(max(ics_sequence) + 1, 0) AS next FROM notification WHERE booking_id = $1""";

    private static final String INSERT = """
            INSERT INTO notification (id, booking_id, visit_id, channel, kind, status, next_attempt_at, locale,
                                      recipient, subject, body, calendar, ics_sequence, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)""";

    /** Reminders (and anything else not yet attempted) that a change of the booking made wrong. */
    private static final String CANCEL_PENDING = """
            UPDATE notification SET status = 'CANCELLED', subject = NULL, body = NULL, calendar = NULL, updated_at = $3
             WHERE booking_id = $1 AND status IN ('PENDING', 'HELD') AND kind = ANY($2)""";

    private static final String CLAIM = """
            UPDATE notification n
               SET status = 'SENDING', attempts = n.attempts + 1, lease_until = $2, updated_at = $1, claimed_by = $4
             WHERE n.id IN (SELECT id FROM notification
                             WHERE status = 'PENDING' AND next_attempt_at <= $1
                             ORDER BY next_attempt_at
                             LIMIT $3
                             FOR UPDATE SKIP LOCKED)
            RETURNING n.id, n.channel, n.kind, n.attempts, n.recipient, n.subject, n.body, n.calendar""";

    private static final String SENT = """
            UPDATE notification
               SET status = 'SENT', sent_at = $3, lease_until = NULL, last_error = NULL,
                   subject = NULL, body = NULL, calendar = NULL, updated_at = $3
             WHERE id = $1 AND status = 'SENDING' AND attempts = $2""";

    private static final String FAILED_ATTEMPT = """
            UPDATE notification
               SET status = $4, next_attempt_at = $5, lease_until = NULL, last_error = $6, updated_at = $3,
                   subject = CASE WHEN $4 = 'FAILED' THEN NULL ELSE subject END,
                   body = CASE WHEN $4 = 'FAILED' THEN NULL ELSE body END,
                   calendar = CASE WHEN $4 = 'FAILED' THEN NULL ELSE calendar END
             WHERE id = $1 AND status = 'SENDING' AND attempts = $2""";

    /**
     * Attempts whose lease ran out: their instance died or hung mid-send. An SMS goes back to PENDING (the provider
     * deduplicates by its client reference, the message id); an e-mail is FAILED (SMTP cannot deduplicate, and the
     * mail server may have accepted it: at most once).
     */
    private static final String RECOVER = """
            WITH lost AS (
                SELECT id, CASE WHEN channel = 'SMS' AND attempts < $2 THEN 'PENDING' ELSE 'FAILED' END AS next_status
                  FROM notification
                 WHERE status = 'SENDING' AND lease_until < $1
                 FOR UPDATE SKIP LOCKED)
            UPDATE notification n
               SET status = lost.next_status, next_attempt_at = $1, lease_until = NULL, updated_at = $1,
                   last_error = 'attempt interrupted: the sending instance stopped or hung',
                   subject = CASE WHEN lost.next_status = 'FAILED' THEN NULL ELSE n.subject END,
                   body = CASE WHEN lost.next_status = 'FAILED' THEN NULL ELSE n.body END,
                   calendar = CASE WHEN lost.next_status = 'FAILED' THEN NULL ELSE n.calendar END
              FROM lost
             WHERE n.id = lost.id
            RETURNING n.id, n.status""";

    /**
     * Walk-ins waiting for "your turn soon": released (PENDING) when at most $2 visits are ahead in the agency's line
     * at the office, cancelled when the visit no longer waits.
     */
    private static final String RELEASE_TURN_SOON = """
            WITH held AS (
                SELECT n.id, v.status AS visit_status,
                       (SELECT count(*) FROM visit w
                         WHERE w.office_id = v.office_id AND w.agency_code = v.agency_code AND w.status = 'WAITING'
                           AND (w.rank_at, w.id) < (v.rank_at, v.id)) AS ahead
                  FROM notification n JOIN visit v ON v.id = n.visit_id
                 WHERE n.status = 'HELD'
                 ORDER BY n.created_at
                 LIMIT $3
                 FOR UPDATE OF n SKIP LOCKED)
            UPDATE notification n
               SET status = CASE WHEN held.visit_status = 'WAITING' THEN 'PENDING' ELSE 'CANCELLED' END,
                   next_attempt_at = $1, updated_at = $1,
                   body = CASE WHEN held.visit_status = 'WAITING' THEN n.body END
              FROM held
             WHERE n.id = held.id AND (held.visit_status <> 'WAITING' OR held.ahead <= $2)
            RETURNING n.id, n.status""";

    /**
     * Erases the address and text of messages whose booking or visit ended before $2 (retention); a message not yet
     * sent by then never will be.
     */
    private static final String ERASE = """
            UPDATE notification n
               SET recipient = NULL, subject = NULL, body = NULL, calendar = NULL, erased_at = $1, updated_at = $1,
                   status = CASE WHEN n.status IN ('HELD', 'PENDING') THEN 'CANCELLED' ELSE n.status END
             WHERE n.id IN (
                SELECT m.id FROM notification m
                  LEFT JOIN booking b ON b.id = m.booking_id
                  LEFT JOIN visit v ON v.id = m.visit_id
                 WHERE m.erased_at IS NULL AND m.status <> 'SENDING'
                   AND ((b.id IS NOT NULL AND b.status NOT IN ('BOOKED', 'CHECKED_IN') AND b.status_changed_at < $2)
                     OR (v.id IS NOT NULL AND v.ended_at IS NOT NULL AND v.ended_at < $2))
                 LIMIT $3
                 FOR UPDATE OF m SKIP LOCKED)""";

    private static final String LIST = """
            SELECT id, channel, kind, status, attempts, sent_at, created_at FROM notification
             WHERE (booking_id = $1 OR visit_id = $2)
             ORDER BY created_at, kind, channel, id
             LIMIT 500""";

    private static final String OFFICE_OF = """
            SELECT office_id FROM booking WHERE id = $1
            UNION ALL
            SELECT office_id FROM visit WHERE id = $2""";

    Uni<BookingFacts> booking(SqlClient c, UUID bookingId) {
        return c.preparedQuery(BOOKING_FACTS).execute(Tuple.of(bookingId)).map(rows -> first(rows, r -> new BookingFacts(
                r.getUUID("id"), r.getString("reference"), r.getString("office_name"), r.getString("agency_name"),
                r.getString("service_name"), r.getString("time_zone"), instant(r, "starts_at"), instant(r, "ends_at"),
                r.getString("locale"), r.getString("visitor_name"), r.getString("visitor_phone"),
                r.getString("visitor_email"), r.getString("status"))));
    }

    Uni<VisitFacts> visit(SqlClient c, UUID visitId) {
        return c.preparedQuery(VISIT_FACTS).execute(Tuple.of(visitId)).map(rows -> first(rows, r -> new VisitFacts(
                r.getUUID("id"), r.getString("ticket"), r.getString("office_name"), r.getString("agency_name"))));
    }

    Uni<Integer> nextSequence(SqlClient c, UUID bookingId) {
        return c.preparedQuery(NEXT_SEQUENCE).execute(Tuple.of(bookingId)).map(rows -> first(rows, r -> r.getInteger("next")));
    }

    Uni<Void> insert(SqlClient c, List<NewMessage> messages, Instant now) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (NewMessage m : messages) {
            batch.add(Tuple.from(new Object[] { m.id(), m.bookingId(), m.visitId(), m.channel().name(), m.kind().name(),
                    m.status().name(), ts(m.due()), m.locale(), m.recipient(), m.subject(), m.body(), m.calendar(),
                    m.icsSequence(), ts(now) }));
        }
        return c.preparedQuery(INSERT).executeBatch(batch).replaceWithVoid();
    }

    Uni<Integer> cancelPending(SqlClient c, UUID bookingId, List<NotificationKind> kinds, Instant now) {
        return c.preparedQuery(CANCEL_PENDING)
                .execute(Tuple.of(bookingId, kinds.stream().map(Enum::name).toArray(String[]::new), ts(now)))
                .map(RowSet::rowCount);
    }

    Uni<List<Claimed>> claim(SqlClient c, Instant now, Instant leaseUntil, int batch, String instance) {
        return c.preparedQuery(CLAIM).execute(Tuple.of(ts(now), ts(leaseUntil), batch, instance)).map(rows -> all(rows,
                r -> new Claimed(r.getUUID("id"), NotificationChannel.valueOf(r.getString("channel")),
                        NotificationKind.valueOf(r.getString("kind")), r.getInteger("attempts"),
                        r.getString("recipient"), r.getString("subject"), r.getString("body"), r.getString("calendar"))));
    }

    Uni<Boolean> sent(SqlClient c, UUID id, int attempt, Instant now) {
        return c.preparedQuery(SENT).execute(Tuple.of(id, attempt, ts(now))).map(rows -> rows.rowCount() == 1);
    }

    Uni<Boolean> failedAttempt(SqlClient c, UUID id, int attempt, Instant now, NotificationStatus next, Instant retryAt,
            String error) {
        return c.preparedQuery(FAILED_ATTEMPT)
                .execute(Tuple.from(new Object[] { id, attempt, ts(now), next.name(), ts(retryAt), error }))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Returns, per recovered message, its new status. */
    Uni<List<NotificationStatus>> recover(SqlClient c, Instant now, int maxAttempts) {
        return c.preparedQuery(RECOVER).execute(Tuple.of(ts(now), maxAttempts))
                .map(rows -> all(rows, r -> NotificationStatus.valueOf(r.getString("status"))));
    }

    Uni<List<NotificationStatus>> releaseTurnSoon(SqlClient c, Instant now, int ahead, int batch) {
        return c.preparedQuery(RELEASE_TURN_SOON).execute(Tuple.of(ts(now), ahead, batch))
                .map(rows -> all(rows, r -> NotificationStatus.valueOf(r.getString("status"))));
    }

    Uni<Integer> erase(SqlClient c, Instant now, Instant endedBefore, int batch) {
        return c.preparedQuery(ERASE).execute(Tuple.of(ts(now), ts(endedBefore), batch)).map(RowSet::rowCount);
    }

    Uni<List<Listed>> list(SqlClient c, UUID bookingId, UUID visitId) {
        return c.preparedQuery(LIST).execute(Tuple.of(bookingId, visitId)).map(rows -> all(rows, r -> new Listed(
                r.getUUID("id"), NotificationChannel.valueOf(r.getString("channel")),
                NotificationKind.valueOf(r.getString("kind")), NotificationStatus.valueOf(r.getString("status")),
                r.getInteger("attempts"), instant(r, "sent_at"), instant(r, "created_at"))));
    }

    /** The office of the booking or visit, or null when there is none. */
    Uni<String> officeOf(SqlClient c, UUID bookingId, UUID visitId) {
        return c.preparedQuery(OFFICE_OF).execute(Tuple.of(bookingId, visitId))
                .map(rows -> first(rows, r -> r.getString("office_id")));
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        var it = rows.iterator();
        return it.hasNext() ? mapper.apply(it.next()) : null;
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(mapper.apply(row));
        }
        return out;
    }
}
