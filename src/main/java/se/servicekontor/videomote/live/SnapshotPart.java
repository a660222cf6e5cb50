package se.servicekontor.videomote.live;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.security.Caller;

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

    /**
     * {@code value}, read by {@link #read}, is about to be shown to {@code caller}: a part that shows personal data
     * (a visitor's name) writes its access-log rows here, before the snapshot is sent. Runs after the read-only
     * snapshot transaction; a failure fails the connection, as a REST read fails when its row cannot be written.
     */
    default Uni<Void> shown(Audience audience, String key, Object value, Caller caller) {
        return Uni.createFrom().voidItem();
    }
}
