package se.servicekontor.videomote.video;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Raw SQL for video sessions and the peers connected to their relay. */
@ApplicationScoped
class VideoQueries {

    private static final String FROM = " FROM video_session s JOIN office o ON o.id = s.office_id ";

    private static final String INSERT = """
            WITH s AS (
                INSERT INTO video_session (id, visit_id, office_id, room_id, officer_id, provider, join_key, opened_at)
                SELECT $1, $2, r.office_id, r.id, $5, $6, $7, $8 FROM room r WHERE r.id = $4 AND r.office_id = $3
                RETURNING *
            ) SELECT\s""" + VideoSession.COLUMNS + " FROM s JOIN office o ON o.id = s.office_id";

    private static final String END = """
            WITH s AS (
                UPDATE video_session SET ended_at = $2, end_reason = $3, join_key = NULL
                WHERE visit_id = $1 AND ended_at IS NULL
                RETURNING *
            ) SELECT\s""" + VideoSession.COLUMNS + " FROM s JOIN office o ON o.id = s.office_id";

    private static final String OPEN_OF_VISIT = "SELECT " + VideoSession.COLUMNS + FROM
            + "WHERE s.visit_id = $1 AND s.ended_at IS NULL";
    private static final String OPEN_OF_ROOM = "SELECT " + VideoSession.COLUMNS + FROM
            + "WHERE s.room_id = $1 AND s.ended_at IS NULL";
    private static final String OPEN_OF_OFFICER = "SELECT " + VideoSession.COLUMNS + FROM
            + "WHERE s.officer_id = $1 AND s.ended_at IS NULL ORDER BY s.opened_at";
    /** Shares the row lock with {@link #END}'s update: an end and a relay never interleave. */
    private static final String LOCK = "SELECT " + VideoSession.COLUMNS + FROM + "WHERE s.id = $1 FOR SHARE OF s";
    /**
     * Admissions of a session's two sides take turns: with {@link #LOCK}'s shared lock, two sides joining at the same
     * moment each looked for the other's claim before either had committed, neither saw it, and the meeting never
     * started by itself.
     */
    private static final String LOCK_FOR_ADMISSION = "SELECT " + VideoSession.COLUMNS + FROM
            + "WHERE s.id = $1 FOR NO KEY UPDATE OF s";

    private static final String CLAIM = """
            INSERT INTO video_peer AS p (session_id, side, holder, seen_at) VALUES ($1, $2, $3, now())
            ON CONFLICT (session_id, side) DO UPDATE SET holder = EXCLUDED.holder, seen_at = EXCLUDED.seen_at
            WHERE p.seen_at < now() - $4 * interval '1 millisecond'
            RETURNING holder""";
    private static final String PEER = """
            SELECT holder FROM video_peer
            WHERE session_id = $1 AND side = $2 AND seen_at >= now() - $3 * interval '1 millisecond'""";
    private static final String RELEASE = "DELETE FROM video_peer WHERE holder = $1 RETURNING holder";
    private static final String RELEASE_ALL = "DELETE FROM video_peer WHERE holder = ANY($1)";
    private static final String RENEW = "UPDATE video_peer SET seen_at = now() WHERE holder = ANY($1) RETURNING holder";

    private static final String MARK_PURGED = """
            UPDATE video_session SET relay_purged = true
            WHERE id IN (SELECT id FROM video_session WHERE ended_at IS NOT NULL AND ended_at < $1 AND NOT relay_purged
                         ORDER BY ended_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id""";
    private static final String FORGET_PEERS = "DELETE FROM video_peer WHERE session_id = ANY($1)";

    /** Inserts a session for a room of the office; null when the office has no such room. */
    Uni<VideoSession> insert(SqlClient tx, UUID id, VideoParticipants p, ProviderKind provider, byte[] key, Instant at) {
        return tx.preparedQuery(INSERT).execute(Tuple.from(List.of(id, p.visitId(), p.officeId(), p.roomId(),
                p.officerId(), provider.name(), Buffer.buffer(key), utc(at)))).map(VideoQueries::one);
    }

    /** Ends the visit's open session; null when it has none. */
    Uni<VideoSession> end(SqlClient tx, UUID visitId, String reason, Instant at) {
        return tx.preparedQuery(END).execute(Tuple.of(visitId, utc(at), reason)).map(VideoQueries::one);
    }

    Uni<VideoSession> openOfVisit(SqlClient c, UUID visitId) {
        return c.preparedQuery(OPEN_OF_VISIT).execute(Tuple.of(visitId)).map(VideoQueries::one);
    }

    Uni<VideoSession> openOfRoom(SqlClient c, UUID roomId) {
        return c.preparedQuery(OPEN_OF_ROOM).execute(Tuple.of(roomId)).map(VideoQueries::one);
    }

    Uni<List<VideoSession>> openOfOfficer(SqlClient c, UUID officerId) {
        return c.preparedQuery(OPEN_OF_OFFICER).execute(Tuple.of(officerId)).map(rows -> {
            List<VideoSession> out = new ArrayList<>();
            rows.forEach(r -> out.add(VideoSession.from(r)));
            return out;
        });
    }

    /** The session, locked against ending until the transaction commits; null when there is none. */
    Uni<VideoSession> lock(SqlClient tx, UUID sessionId) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(sessionId)).map(VideoQueries::one);
    }

    /** The session, locked so that its other side's admission waits until this one has committed. */
    Uni<VideoSession> lockForAdmission(SqlClient tx, UUID sessionId) {
        return tx.preparedQuery(LOCK_FOR_ADMISSION).execute(Tuple.of(sessionId)).map(VideoQueries::one);
    }

    /** Claims {@code side} of the session for {@code holder}; false while another live connection holds it. */
    Uni<Boolean> claim(SqlClient tx, UUID sessionId, Side side, UUID holder, Duration lease) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(sessionId, side.name(), holder, lease.toMillis()))
                .map(rows -> rows.iterator().hasNext());
    }

    /** The connection holding {@code side} of the session with a live lease, or null. */
    Uni<UUID> peer(SqlClient tx, UUID sessionId, Side side, Duration lease) {
        return tx.preparedQuery(PEER).execute(Tuple.of(sessionId, side.name(), lease.toMillis()))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID(0) : null);
    }

    /** Releases a connection's claim; true when it still held one. */
    Uni<Boolean> release(SqlClient tx, UUID holder) {
        return tx.preparedQuery(RELEASE).execute(Tuple.of(holder)).map(rows -> rows.iterator().hasNext());
    }

    Uni<Void> releaseAll(SqlClient c, Collection<UUID> holders) {
        return c.preparedQuery(RELEASE_ALL).execute(Tuple.of(holders.toArray(UUID[]::new))).replaceWithVoid();
    }

    /** Renews the leases of {@code holders}; returns those that still hold their side. */
    Uni<Set<UUID>> renew(SqlClient c, Collection<UUID> holders) {
        return c.preparedQuery(RENEW).execute(Tuple.of(holders.toArray(UUID[]::new))).map(rows -> {
            Set<UUID> renewed = new HashSet<>();
            rows.forEach(r -> renewed.add(r.getUUID(0)));
            return renewed;
        });
    }

    /** Marks up to {@code limit} sessions ended before {@code before} as purged; returns their ids. */
    Uni<List<UUID>> markPurged(SqlClient tx, Instant before, int limit) {
        return tx.preparedQuery(MARK_PURGED).execute(Tuple.of(utc(before), limit)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getUUID(0)));
            return ids;
        });
    }

    Uni<Void> forgetPeers(SqlClient tx, List<UUID> sessions) {
        return tx.preparedQuery(FORGET_PEERS).execute(Tuple.of(sessions.toArray(UUID[]::new))).replaceWithVoid();
    }

    private static VideoSession one(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? VideoSession.from(rows.iterator().next()) : null;
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
