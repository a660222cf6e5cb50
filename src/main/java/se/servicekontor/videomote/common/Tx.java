package se.servicekontor.videomote.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * One raw SQL transaction: its connection, the live events it raises and what is to happen once it has committed.
 * Events are collected and written by {@link Db} in a single statement just before commit, so every transaction
 * locks its stream counters once, last, and in stream order.
 */
public final class Tx {

    private final SqlConnection connection;
    private final List<Event> events = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Function<SqlConnection, Uni<Void>>> atCommit = new ArrayList<>();

    Tx(SqlConnection connection) {
        this.connection = connection;
    }

    public SqlConnection connection() {
        return connection;
    }

    /** Raises events that become visible to live clients when, and only if, this transaction commits. */
    public Tx emit(List<Event> raised) {
        events.addAll(raised);
        return this;
    }

    public Tx emit(Event event) {
        events.add(event);
        return this;
    }

    /**
     * Runs {@code statement} as one of the last statements of this transaction, sent with the event append and the
     * COMMIT in one round trip. For writes to rows that other transactions of the same office also write (the head
     * of the office's access log chain): the row is then locked only for as long as PostgreSQL takes to commit, not
     * through every later statement and round trip of the transaction. Nothing in the transaction may read what
     * such a statement writes. Statements run in the order they were registered; when one fails, the transaction
     * rolls back and that failure is the answer.
     */
    public Tx atCommit(Function<SqlConnection, Uni<Void>> statement) {
        atCommit.add(statement);
        return this;
    }

    /**
     * Runs {@code action} once this transaction has committed, never after a rollback: for what must not hold up the
     * transaction or must see its result committed (e.g. publishing a count recomputed from committed rows). It
     * runs on the connection's event loop and must not block or fail.
     */
    public Tx afterCommit(Runnable action) {
        afterCommit.add(action);
        return this;
    }

    List<Event> events() {
        return events;
    }

    List<Function<SqlConnection, Uni<Void>>> atCommitStatements() {
        return atCommit;
    }

    List<Runnable> afterCommitActions() {
        return afterCommit;
    }
}
