package se.servicekontor.videomote.devices;

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
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.devices.DeviceRecords.DeviceView;
import se.servicekontor.videomote.security.DevicePrincipal;

/** Raw SQL for devices, their pairing codes and tokens (as hashes), and the shared count of pairing attempts. */
@ApplicationScoped
class DeviceQueries {

    private static final String VIEW = "id, kind, name, office_id, room_id, paired_at, last_seen_at, revoked_at, "
            + "pairing_expires_at";

    private static final String INSERT = """
            INSERT INTO device (id, office_id, kind, name, room_id, created_at, pairing_code_hash, pairing_expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    private static final String LIST = "SELECT " + VIEW + " FROM device WHERE office_id = $1 ORDER BY created_at, id";
    private static final String LOCK = "SELECT " + VIEW + " FROM device WHERE id = $1 FOR UPDATE";
    /**
     * Single use: the row lock serialises two attempts with one code, and the second, re-reading the row after the
     * first committed, no longer finds the code.
     */
    private static final String PAIR = """
            WITH d AS (
                SELECT id, token_id FROM device
                WHERE pairing_code_hash = $1 AND pairing_expires_at > $2 AND revoked_at IS NULL
                FOR UPDATE
            )
            UPDATE device SET pairing_code_hash = NULL, pairing_expires_at = NULL,
                              token_hash = $3, token_id = $4, paired_at = $2
            FROM d WHERE device.id = d.id
            RETURNING device.id, device.kind, device.office_id, device.room_id, d.token_id AS replaced""";
    private static final String NEW_CODE = """
            UPDATE device SET pairing_code_hash = $2, pairing_expires_at = $3
            WHERE id = $1 AND revoked_at IS NULL""";
    private static final String REVOKE = """
            UPDATE device SET revoked_at = $2, pairing_code_hash = NULL, pairing_expires_at = NULL
            WHERE id = $1 AND revoked_at IS NULL
            RETURNING token_id""";
    private static final String BY_TOKEN = """
            SELECT id, token_id, kind, office_id, room_id FROM device WHERE token_hash = $1 AND revoked_at IS NULL""";
    private static final String SEEN = """
            UPDATE device SET last_seen_at = $2
            WHERE id = $1 AND revoked_at IS NULL AND (last_seen_at IS NULL OR last_seen_at <= $3)""";

    private static final String COUNT_ATTEMPT = """
            WITH mine AS (
                INSERT INTO pairing_attempt AS p (client, window_start, attempts) VALUES ($1, $2, 1)
                ON CONFLICT (client, window_start) DO UPDATE SET attempts = p.attempts + 1
                RETURNING attempts
            )
            SELECT mine.attempts,
                   coalesce((SELECT failures FROM pairing_attempt WHERE client = '*' AND window_start = $2), 0) AS failures
            FROM mine""";
    private static final String COUNT_FAILURE = """
            INSERT INTO pairing_attempt AS p (client, window_start, failures) VALUES ($1, $2, 1), ('*', $2, 1)
            ON CONFLICT (client, window_start) DO UPDATE SET failures = p.failures + 1""";
    private static final String PURGE_ATTEMPTS = "DELETE FROM pairing_attempt WHERE window_start < $1";

    /** A device's row as the service needs it. */
    record Stored(DeviceView view, boolean revoked) {
    }

    /** What pairing changed: the device, and the token it replaced (null on first pairing). */
    record PairedRow(UUID deviceId, DeviceKind kind, String office, UUID room, UUID replacedToken) {
    }

    /** Counts of pairing attempts in the current window: this client's (this one included) and all clients' failures. */
    record AttemptCounts(int attempts, int failures) {
    }

    Uni<Boolean> officeExists(SqlClient client, String officeId) {
        return client.preparedQuery("SELECT 1 FROM office WHERE id = $1").execute(Tuple.of(officeId))
                .map(rows -> rows.size() > 0);
    }

    Uni<Boolean> roomOfOffice(SqlClient client, UUID roomId, String officeId) {
        return client.preparedQuery("SELECT 1 FROM room WHERE id = $1 AND office_id = $2")
                .execute(Tuple.of(roomId, officeId)).map(rows -> rows.size() > 0);
    }

    Uni<Void> insert(SqlClient client, UUID id, String officeId, DeviceKind kind, String name, UUID room, Instant now,
            byte[] codeHash, Instant expires) {
        return client.preparedQuery(INSERT).execute(Tuple.from(List.of(id, officeId, kind.name(), name)).addValue(room)
                .addValue(utc(now)).addValue(Buffer.buffer(codeHash)).addValue(utc(expires))).replaceWithVoid();
    }

    Uni<List<DeviceView>> list(SqlClient client, String officeId) {
        return client.preparedQuery(LIST).execute(Tuple.of(officeId)).map(rows -> {
            List<DeviceView> out = new ArrayList<>();
            rows.forEach(row -> out.add(view(row)));
            return out;
        });
    }

    /** The device, locked for a change in the caller's transaction; null when there is none. */
    Uni<Stored> lock(SqlClient client, UUID id) {
        return client.preparedQuery(LOCK).execute(Tuple.of(id)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            DeviceView view = view(it.next());
            return new Stored(view, view.revokedAt() != null);
        });
    }

    /** Exchanges a valid code for a token (hash); null when the code is unknown, used, expired or revoked. */
    Uni<PairedRow> pair(SqlClient client, byte[] codeHash, Instant now, byte[] tokenHash, UUID tokenId) {
        return client.preparedQuery(PAIR)
                .execute(Tuple.of(Buffer.buffer(codeHash), utc(now), Buffer.buffer(tokenHash), tokenId)).map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new PairedRow(row.getUUID("id"), DeviceKind.valueOf(row.getString("kind")),
                            row.getString("office_id"), row.getUUID("room_id"), row.getUUID("replaced"));
                });
    }

    Uni<Boolean> newCode(SqlClient client, UUID id, byte[] codeHash, Instant expires) {
        return client.preparedQuery(NEW_CODE).execute(Tuple.of(id, Buffer.buffer(codeHash), utc(expires)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Revokes an unrevoked device; the token it had (null if never paired), in a list that is empty if nothing changed. */
    Uni<List<UUID>> revoke(SqlClient client, UUID id, Instant now) {
        return client.preparedQuery(REVOKE).execute(Tuple.of(id, utc(now))).map(rows -> {
            List<UUID> out = new ArrayList<>();
            rows.forEach(row -> out.add(row.getUUID("token_id")));
            return out;
        });
    }

    /** The device whose current, unrevoked token hashes to {@code tokenHash}, or null. */
    Uni<DevicePrincipal> byToken(SqlClient client, byte[] tokenHash) {
        return client.preparedQuery(BY_TOKEN).execute(Tuple.of(Buffer.buffer(tokenHash))).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row row = it.next();
            return new DevicePrincipal(row.getUUID("id"), row.getUUID("token_id"), row.getString("kind"),
                    row.getString("office_id"), row.getUUID("room_id"));
        });
    }

    /** Records that the device was seen at {@code now}, unless that was already recorded after {@code notAfter}. */
    Uni<Void> seen(SqlClient client, UUID id, Instant now, Instant notAfter) {
        return client.preparedQuery(SEEN).execute(Tuple.of(id, utc(now), utc(notAfter))).replaceWithVoid();
    }

    Uni<AttemptCounts> countAttempt(SqlClient client, String clientAddress, Instant window) {
        return client.preparedQuery(COUNT_ATTEMPT).execute(Tuple.of(clientAddress, utc(window))).map(rows -> {
            Row row = rows.iterator().next();
            return new AttemptCounts(row.getInteger("attempts"), row.getInteger("failures"));
        });
    }

    Uni<Void> countFailure(SqlClient client, String clientAddress, Instant window) {
        return client.preparedQuery(COUNT_FAILURE).execute(Tuple.of(clientAddress, utc(window))).replaceWithVoid();
    }

    Uni<Integer> purgeAttempts(SqlClient client, Instant before) {
        return client.preparedQuery(PURGE_ATTEMPTS).execute(Tuple.of(utc(before))).map(RowSet::rowCount);
    }

    private static DeviceView view(Row row) {
        return new DeviceView(row.getUUID("id"), DeviceKind.valueOf(row.getString("kind")), row.getString("name"),
                row.getString("office_id"), row.getUUID("room_id"), row.getOffsetDateTime("paired_at"),
                row.getOffsetDateTime("last_seen_at"), row.getOffsetDateTime("revoked_at"),
                row.getOffsetDateTime("pairing_expires_at"));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
