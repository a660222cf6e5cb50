package se.servicekontor.videomote.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/**
 * Transactions for raw reactive SQL: the paths where a change, its live events and its idempotency key must commit
 * together (Hibernate Reactive's connection cannot be shared with the SQL client).
 */
@ApplicationScoped
public class Db {

    private final Pool pool;
    private final EventAppender events;

    public Db(Pool pool, EventAppender events) {
        this.pool = pool;
        this.events = events;
    }

    /**
     * Runs {@code work} in one transaction, then appends the events it raised and commits; once committed, runs what
     * the transaction registered with {@link Tx#afterCommit} and wakes the followers of its streams. When {@code work}
     * fails the transaction rolls back and no event is written.
     *
     * <p>The statements registered with {@link Tx#atCommit}, the append and the COMMIT go to PostgreSQL in one round
     * trip (the client pipelines them): they take rows shared with the office's other transactions (the streams'
     * counter rows, the access log's chain head), and those are held only for as long as PostgreSQL needs to commit,
     * never for a round trip through a busy event loop. When one of them fails, PostgreSQL turns the COMMIT into a
     * rollback and the first failure is the answer.
     */
    public <T> Uni<T> inTransaction(Function<Tx, Uni<T>> work) {
        return pool.withConnection(connection -> connection.begin().chain(transaction -> {
            Tx tx = new Tx(connection);
            return Uni.createFrom().deferred(() -> work.apply(tx))
                    .onFailure().call(e -> transaction.rollback().onFailure().recoverWithNull())
                    .chain(result -> commit(connection, transaction, tx).replaceWith(result));
        }));
    }

    private Uni<Void> commit(SqlConnection connection, Transaction transaction, Tx tx) {
        List<Function<SqlConnection, Uni<Void>>> statements = tx.atCommitStatements();
        if (tx.events().isEmpty() && statements.isEmpty()) {
            return transaction.commit().invoke(() -> committed(tx, null));
        }
        // Everything is subscribed at once, in order, so the connection sends the statements, the append and the
        // COMMIT back to back: one round trip. When a statement fails, PostgreSQL answers every later one with an
        // error and turns the COMMIT into a rollback; the first failure in order is the cause.
        List<Uni<Outcome>> steps = new ArrayList<>(statements.size() + 2);
        for (Function<SqlConnection, Uni<Void>> statement : statements) {
            steps.add(Uni.createFrom().deferred(() -> statement.apply(connection))
                    .onItemOrFailure().transform((v, e) -> new Outcome(null, e)));
        }
        steps.add(events.append(connection, List.copyOf(tx.events())).onItemOrFailure().transform(Outcome::new));
        steps.add(transaction.commit().onItemOrFailure().transform((v, e) -> new Outcome(null, e)));
        return Uni.join().all(steps).andFailFast().chain(outcomes -> {
            for (Outcome outcome : outcomes) {
                if (outcome.failure() != null) {
                    return Uni.createFrom().<Void>failure(outcome.failure());
                }
            }
            committed(tx, outcomes.get(outcomes.size() - 2).wake());
            return Uni.createFrom().voidItem();
        });
    }

    private static void committed(Tx tx, Runnable wake) {
        for (Runnable action : tx.afterCommitActions()) {
            run(action);
        }
        if (wake != null) {
            run(wake);
        }
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // Committed is committed: a failing follow-up must not turn the answer into an error.
            Log.errorf(e, "An after-commit action failed");
        }
    }

    private record Outcome(Runnable wake, Throwable failure) {
    }

    /** Runs {@code work} on one connection without an explicit transaction (reads). */
    public <T> Uni<T> withConnection(Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(work);
    }

    public Pool pool() {
        return pool;
    }
}
