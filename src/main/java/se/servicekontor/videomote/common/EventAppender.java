package se.servicekontor.videomote.common;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Writes the events a transaction raised, as its last statement before COMMIT. Implemented by the live feature; here
 * so that {@link Db} does not depend on it.
 */
public interface EventAppender {

    /**
     * Appends {@code events} in the transaction open on {@code tx}. The returned action runs once the transaction has
     * committed (it wakes whoever follows those streams); it is never run after a rollback.
     */
    Uni<Runnable> append(SqlConnection tx, List<Event> events);
}
