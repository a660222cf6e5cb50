package se.servicekontor.videomote.live;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** Builds a stream's snapshot from every feature's parts and the stream's seq, in one consistent read. */
@ApplicationScoped
class Snapshots {

    /** The state of a stream at {@code seq}. */
    record Snapshot(long seq, Map<String, Object> data) {
    }

    private final Pool pool;
    private final LiveQueries queries;
    private final List<SnapshotPart> parts;

    Snapshots(Pool pool, LiveQueries queries, Instance<SnapshotPart> parts) {
        this.pool = pool;
        this.queries = queries;
        this.parts = parts.stream().sorted(java.util.Comparator.comparing(SnapshotPart::name)).toList();
    }

    Uni<Snapshot> read(Audience audience, String key) {
        String stream = audience.stream(key);
        return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
                .chain(() -> queries.head(tx, stream))
                .chain(seq -> readParts(tx, audience, key, 0, new LinkedHashMap<>())
                        .map(data -> new Snapshot(seq, data))));
    }

    /** One part after the other: statements on one connection run in order anyway. */
    private Uni<Map<String, Object>> readParts(SqlConnection tx, Audience audience, String key, int index,
            Map<String, Object> data) {
        while (index < parts.size() && !parts.get(index).appliesTo(audience)) {
            index++;
        }
        if (index == parts.size()) {
            return Uni.createFrom().item(data);
        }
        SnapshotPart part = parts.get(index);
        int next = index + 1;
        return part.read(tx, audience, key).chain(value -> {
            data.put(part.name(), value);
            return readParts(tx, audience, key, next, data);
        });
    }
}
