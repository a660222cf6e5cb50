package se.servicekontor.videomote.privacy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.privacy.Audit.Resource;
import se.servicekontor.videomote.privacy.AuditRecords.AuditEntry;

/** Raw SQL of the access log: the filtered list and the reads of verification. */
@ApplicationScoped
class AuditQueries {

    private static final String LIST = """
            SELECT chain, seq, at, actor, role, action, resource, resource_id, prev_hash, hash FROM audit_log
             WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR actor = $3::text)
               AND ($4::uuid IS NULL OR resource_id = $4::uuid)
             ORDER BY at, chain, seq
             LIMIT $5 OFFSET $6""";

    private static final String CHAINS = """
            SELECT chain FROM audit_chain WHERE $1::text IS NULL OR chain = $1::text
            UNION SELECT DISTINCT chain FROM audit_log WHERE $1::text IS NULL OR chain = $1::text
            ORDER BY chain""";

    private static final String HEAD = "SELECT last_seq, last_hash FROM audit_chain WHERE chain = $1";

    private static final String PAGE = """
            SELECT chain, seq, at, actor, role, action, resource, resource_id, prev_hash, hash FROM audit_log
             WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3""";

    /** A chain's head: its last seq and hash as the appending function left them. */
    record Head(long lastSeq, byte[] lastHash) {
    }

    Uni<List<AuditEntry>> list(SqlClient c, Instant from, Instant to, String actor, UUID resourceId, int limit,
            int offset) {
        return c.preparedQuery(LIST).execute(Tuple.from(new Object[] { utc(from), utc(to), actor, resourceId, limit,
                offset })).map(rows -> {
                    List<AuditEntry> list = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        AuditChain.Row r = row(row);
                        list.add(new AuditEntry(utc(r.at()), r.actor(), r.role(), Action.valueOf(r.action()),
                                Resource.valueOf(r.resource()), r.resourceId(), r.chain(), r.seq(),
                                HexFormat.of().formatHex(r.hash())));
                    }
                    return list;
                });
    }

    Uni<List<String>> chains(SqlClient c, String only) {
        return c.preparedQuery(CHAINS).execute(Tuple.of(only)).map(rows -> {
            List<String> chains = new ArrayList<>();
            for (Row row : rows) {
                chains.add(row.getString(0));
            }
            return chains;
        });
    }

    /** The head of {@code chain}, or null when it has none (its rows lost their head). */
    Uni<Head> head(SqlClient c, String chain) {
        return c.preparedQuery(HEAD).execute(Tuple.of(chain)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row row = it.next();
            return new Head(row.getLong(0), row.getBuffer(1).getBytes());
        });
    }

    Uni<List<AuditChain.Row>> page(SqlClient c, String chain, long afterSeq, int limit) {
        return c.preparedQuery(PAGE).execute(Tuple.of(chain, afterSeq, limit)).map(rows -> {
            List<AuditChain.Row> list = new ArrayList<>(rows.rowCount());
            for (Row row : rows) {
                list.add(row(row));
            }
            return list;
        });
    }

    private static AuditChain.Row row(Row row) {
        return new AuditChain.Row(row.getString("chain"), row.getLong("seq"),
                row.getOffsetDateTime("at").toInstant(), row.getString("actor"), row.getString("role"),
                row.getString("action"), row.getString("resource"), row.getUUID("resource_id"),
                row.getBuffer("prev_hash").getBytes(), row.getBuffer("hash").getBytes());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
