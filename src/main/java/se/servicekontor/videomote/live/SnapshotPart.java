package se.servicekontor.videomote.live;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A feature's contribution to the snapshot a client gets first: for example the office's rooms, or its queue. Parts
 * read inside one repeatable-read transaction together with the stream's current seq, so the snapshot and the
 * events that follow it fit together exactly. Parts for {@link Audience#DISPLAY} must return records without names
 * or personal numbers.
 */
public interface SnapshotPart {

    /** The field of the snapshot's {@code data} this part fills, e.g. {@code rooms}. */
    String name();

    boolean appliesTo(Audience audience);

    /** Reads the part for {@code key} (office, officer or room id) in the snapshot transaction {@code tx}. */
    Uni<Object> read(SqlConnection tx, Audience audience, String key);
}
