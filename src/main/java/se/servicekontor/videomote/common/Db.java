package se.servicekontor.videomote.common;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.live.EventLog;

/**
 * Transactions for raw reactive SQL: the paths where a change, its live events and its idempotency key must commit
 * together (Hibernate Reactive's connection cannot be shared with the SQL client).
 */
@ApplicationScoped
public class Db {

    private final Pool pool;
    private final EventLog events;

    public Db(Pool pool, EventLog events) {
        this.pool = pool;
        this.events = events;
    }

    /**
     * Runs {@code work} in one transaction, then appends the events it raised and commits. When {@code work} fails
     * the transaction rolls back and no event is written.
     */
    public <T> Uni<T> inTransaction(Function<Tx, Uni<T>> work) {
        return pool.withTransaction(connection -> {
            Tx tx = new Tx(connection);
            return work.apply(tx).call(() -> events.append(connection, tx.events()));
        });
    }

    /** Runs {@code work} on one connection without an explicit transaction (reads). */
    public <T> Uni<T> withConnection(Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(work);
    }

    public Pool pool() {
        return pool;
    }
}
