package se.servicekontor.videomote.live;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.security.Caller;

/** Builds a stream's snapshot from every feature's parts and the stream's seq, in one consistent read. */
@ApplicationScoped
class Snapshots {

    /** The state of a stream at {@code seq}, and the heads of the streams it follows at that moment. */
    record Snapshot(long seq, Map<String, Object> data, Map<String, Long> followed) {
    }

    private final Pool pool;
    private final LiveQueries queries;
    private final List<SnapshotPart> parts;
    private final List<FollowedStreams> follows;

    Snapshots(Pool pool, LiveQueries queries, Instance<SnapshotPart> parts, Instance<FollowedStreams> follows) {
        this.pool = pool;
        this.queries = queries;
        this.parts = parts.stream().sorted(java.util.Comparator.comparing(SnapshotPart::name)).toList();
        this.follows = follows.stream().toList();
    }

    /** The streams {@code audience} follows for {@code key}, besides its own. */
    Uni<List<String>> followed(io.vertx.mutiny.sqlclient.SqlClient client, Audience audience, String key) {
        Uni<List<String>> all = Uni.createFrom().item(List.of());
        for (FollowedStreams f : follows) {
            all = all.chain(found -> f.streams(client, audience, key).map(more -> {
                List<String> merged = new java.util.ArrayList<>(found);
                merged.addAll(more);
                return merged;
            }));
        }
        return all;
    }

    /** The snapshot for {@code caller}, with the access-log rows of what it shows written (see {@link SnapshotPart#shown}). */
    Uni<Snapshot> read(Audience audience, String key, Caller caller) {
        String stream = audience.stream(key);
        return pool.withTransaction(tx -> tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
                .chain(() -> queries.head(tx, stream))
                .chain(seq -> readParts(tx, audience, key, 0, new LinkedHashMap<>())
                        .chain(data -> followed(tx, audience, key).chain(streams -> heads(tx, streams, 0,
                                new LinkedHashMap<>())).map(heads -> new Snapshot(seq, data, heads)))))
                .call(snapshot -> shown(audience, key, snapshot.data(), caller, 0));
    }

    private Uni<Void> shown(Audience audience, String key, Map<String, Object> data, Caller caller, int index) {
        if (caller == null || index == parts.size()) {
            return Uni.createFrom().voidItem();
        }
        SnapshotPart part = parts.get(index);
        Uni<Void> current = part.appliesTo(audience) ? part.shown(audience, key, data.get(part.name()), caller)
                : Uni.createFrom().voidItem();
        return current.chain(() -> shown(audience, key, data, caller, index + 1));
    }

    private Uni<Map<String, Long>> heads(SqlConnection tx, List<String> streams, int index, Map<String, Long> heads) {
        if (index == streams.size()) {
            return Uni.createFrom().item(heads);
        }
        return queries.head(tx, streams.get(index)).chain(head -> {
            heads.put(streams.get(index), head);
            return heads(tx, streams, index + 1, heads);
        });
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
