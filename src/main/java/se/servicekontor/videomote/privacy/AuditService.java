package se.servicekontor.videomote.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.privacy.AuditRecords.AuditEntry;
import se.servicekontor.videomote.privacy.AuditRecords.BrokenChain;
import se.servicekontor.videomote.privacy.AuditRecords.Verification;

/** Reading the access log and verifying its hash chains. */
@ApplicationScoped
class AuditService {

    /** Rows read per query while verifying. */
    static final int VERIFY_PAGE = 1000;

    private final Db db;
    private final AuditQueries queries;

    AuditService(Db db, AuditQueries queries) {
        this.db = db;
        this.queries = queries;
    }

    Uni<List<AuditEntry>> list(Instant from, Instant to, String actor, UUID resourceId, int limit, int offset) {
        return queries.list(db.pool(), from, to, actor, resourceId, limit, offset);
    }

    /**
     * Walks every chain (or the one of {@code office}) from its first row, recomputing each hash, and compares the
     * last row with the chain's head. One repeatable-read snapshot, so rows appended meanwhile do not confuse it.
     */
    Uni<Verification> verify(String office) {
        return db.pool().withTransaction(c -> c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute()
                .chain(() -> queries.chains(c, office))
                .chain(chains -> verifyAll(c, chains, 0, new Tally())))
                .invoke(v -> {
                    if (!v.valid()) {
                        Log.warnf("Access log verification found %d broken chain(s)", v.broken().size());
                    }
                });
    }

    /** What verification found so far. */
    private static final class Tally {
        final List<BrokenChain> broken = new ArrayList<>();
        long entries;
        int chains;
    }

    private Uni<Verification> verifyAll(SqlConnection c, List<String> chains, int i, Tally tally) {
        if (i == chains.size()) {
            return Uni.createFrom().item(new Verification(tally.broken.isEmpty(), tally.chains, tally.entries,
                    List.copyOf(tally.broken)));
        }
        String chain = chains.get(i);
        tally.chains++;
        return walk(c, chain, 0, AuditChain.GENESIS, tally).chain(end -> {
            if (end == null) {
                return verifyAll(c, chains, i + 1, tally);
            }
            return queries.head(c, chain).chain(head -> {
                if (head == null) {
                    tally.broken.add(new BrokenChain(chain, null, "the chain's head is missing"));
                } else if (head.lastSeq() != end.seq() || !java.util.Arrays.equals(head.lastHash(), end.hash())) {
                    tally.broken.add(new BrokenChain(chain, end.seq(), "the chain's head records seq "
                            + head.lastSeq() + " with another hash: rows at the end are missing or were changed"));
                }
                return verifyAll(c, chains, i + 1, tally);
            });
        });
    }

    /** The last row and hash reached; null once a break was recorded. */
    private record End(long seq, byte[] hash) {
    }

    private Uni<End> walk(SqlConnection c, String chain, long seq, byte[] hash, Tally tally) {
        return queries.page(c, chain, seq, VERIFY_PAGE).chain(rows -> {
            long lastSeq = seq;
            byte[] last = hash;
            for (AuditChain.Row row : rows) {
                String problem = AuditChain.check(lastSeq, last, row);
                if (problem != null) {
                    tally.broken.add(new BrokenChain(chain, row.seq(), problem));
                    return Uni.createFrom().nullItem();
                }
                tally.entries++;
                lastSeq = row.seq();
                last = row.hash();
            }
            if (rows.size() < VERIFY_PAGE) {
                return Uni.createFrom().item(new End(lastSeq, last));
            }
            return walk(c, chain, lastSeq, last, tally);
        });
    }
}
