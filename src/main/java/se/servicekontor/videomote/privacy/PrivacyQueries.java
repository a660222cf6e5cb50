package se.servicekontor.videomote.privacy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Raw SQL over the personal fields of bookings and visits: erasure, re-encryption and the register extract. It
 * touches only personal columns (and their markers), never a status, time or transition that statistics read.
 */
@ApplicationScoped
class PrivacyQueries {

    /** Bookings that ended before $1 and still hold personal data; claimed with SKIP LOCKED by one instance. */
    private static final String ERASE_BOOKINGS = """
            WITH due AS (
                SELECT id FROM booking
                 WHERE personal_data_erased_at IS NULL AND status IN ('COMPLETED', 'CANCELLED', 'NO_SHOW')
                   AND status_changed_at < $1 AND ends_at < $1
                 ORDER BY status_changed_at
                 LIMIT $2
                   FOR UPDATE SKIP LOCKED)
            UPDATE booking b SET visitor_name = NULL, visitor_phone = NULL, visitor_email = NULL,
                   visitor_personal_number = NULL, visitor_personal_number_enc = NULL,
                   visitor_personal_number_hmac = NULL, visitor_personal_number_hmac_key = NULL,
                   personal_data_erased_at = $3
              FROM due WHERE b.id = due.id
            RETURNING b.id, b.office_id""";

    /** Visits that ended before $1 and are not erased yet. */
    private static final String ERASE_VISITS = """
            WITH due AS (
                SELECT id FROM visit
                 WHERE personal_data_erased_at IS NULL AND status IN ('COMPLETED', 'NO_SHOW', 'CANCELLED')
                   AND coalesce(ended_at, updated_at) < $1
                 ORDER BY coalesce(ended_at, updated_at)
                 LIMIT $2
                   FOR UPDATE SKIP LOCKED)
            UPDATE visit v SET visitor_name = NULL, personal_data_erased_at = $3
              FROM due WHERE v.id = due.id
            RETURNING v.id, v.office_id""";

    /**
     * Personal numbers still in clear, encrypted with another key than $1, or hashed with another lookup key than the
     * one of fingerprint $3.
     */
    private static final String STALE_NUMBERS = """
            SELECT id, visitor_personal_number, visitor_personal_number_enc FROM booking
             WHERE visitor_personal_number IS NOT NULL
                OR (visitor_personal_number_enc IS NOT NULL
                    AND (split_part(visitor_personal_number_enc, ':', 1) <> $1
                         OR visitor_personal_number_hmac_key IS DISTINCT FROM $3))
             LIMIT $2
               FOR UPDATE SKIP LOCKED""";

    private static final String STORE_NUMBERS = """
            UPDATE booking b SET visitor_personal_number = NULL, visitor_personal_number_enc = u.enc,
                   visitor_personal_number_hmac = u.hmac, visitor_personal_number_hmac_key = $4
              FROM unnest($1::uuid[], $2::text[], $3::bytea[]) AS u(id, enc, hmac)
             WHERE b.id = u.id""";

    private static final String PERSON_BOOKINGS = """
            SELECT b.id, b.reference, b.office_id, f.time_zone, b.agency_code, b.service_code, b.starts_at,
                   b.ends_at, b.status, b.visitor_name, b.visitor_phone, b.visitor_email,
                   b.visitor_personal_number_enc, b.created_at
              FROM booking b JOIN office f ON f.id = b.office_id
             WHERE b.visitor_personal_number_hmac = ANY($1::bytea[])
             ORDER BY b.starts_at, b.id""";

    private static final String PERSON_VISITS = """
            SELECT v.id, v.ticket, v.office_id, f.time_zone, v.agency_code, v.service_code, v.status, v.visitor_name,
                   v.booking_id, v.queued_at, v.ended_at
              FROM visit v JOIN office f ON f.id = v.office_id
             WHERE v.booking_id = ANY($1::uuid[])
             ORDER BY v.queued_at, v.id""";

    /** A row whose personal data was touched: which, and in which office. */
    record Touched(UUID id, String officeId) {
    }

    /** A personal number to bring to the current key: clear, or encrypted with an older key. */
    record StaleNumber(UUID id, String clear, String encrypted) {
    }

    Uni<List<Touched>> eraseBookings(SqlClient tx, Instant endedBefore, int limit, Instant now) {
        return tx.preparedQuery(ERASE_BOOKINGS).execute(Tuple.of(utc(endedBefore), limit, utc(now)))
                .map(PrivacyQueries::touched);
    }

    Uni<List<Touched>> eraseVisits(SqlClient tx, Instant endedBefore, int limit, Instant now) {
        return tx.preparedQuery(ERASE_VISITS).execute(Tuple.of(utc(endedBefore), limit, utc(now)))
                .map(PrivacyQueries::touched);
    }

    Uni<List<StaleNumber>> staleNumbers(SqlClient tx, String currentKey, String lookupFingerprint, int limit) {
        return tx.preparedQuery(STALE_NUMBERS).execute(Tuple.of(currentKey, limit, lookupFingerprint)).map(rows -> {
            List<StaleNumber> list = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                list.add(new StaleNumber(row.getUUID(0), row.getString(1), row.getString(2)));
            }
            return list;
        });
    }

    Uni<Void> storeNumbers(SqlClient tx, UUID[] ids, String[] encrypted, Buffer[] hashes, String lookupFingerprint) {
        return tx.preparedQuery(STORE_NUMBERS).execute(Tuple.of(ids, encrypted, hashes, lookupFingerprint))
                .replaceWithVoid();
    }

    /** The bookings of the person whose number has one of these lookup hashes (one per configured lookup key). */
    Uni<List<Row>> personBookings(SqlClient c, List<byte[]> lookupHashes) {
        Buffer[] hashes = lookupHashes.stream().map(Buffer::buffer).toArray(Buffer[]::new);
        return c.preparedQuery(PERSON_BOOKINGS).execute(Tuple.of(hashes)).map(PrivacyQueries::rows);
    }

    Uni<List<Row>> personVisits(SqlClient c, UUID[] bookingIds) {
        return c.preparedQuery(PERSON_VISITS).execute(Tuple.of(bookingIds)).map(PrivacyQueries::rows);
    }

    private static List<Row> rows(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Row> list = new ArrayList<>(rows.rowCount());
        rows.forEach(list::add);
        return list;
    }

    private static List<Touched> touched(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Touched> list = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            list.add(new Touched(row.getUUID(0), row.getString(1)));
        }
        return list;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
