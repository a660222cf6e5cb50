package se.servicekontor.videomote.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

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
     * fails or is cancelled the transaction rolls back and no event is written.
     *
     * <p>The transaction is driven with plain {@code BEGIN}, {@code COMMIT} and {@code ROLLBACK} statements, not
     * Vert.x's {@code Transaction}: that one waits for the answer to every statement sent before it sends its
     * {@code COMMIT}, so the rows the last statements take would be held for a round trip through this service's
     * event loop. Here {@code BEGIN} goes out with the work's first statement, and the statements registered with
     * {@link Tx#atCommit}, the append and the {@code COMMIT} go out back to back (the client pipelines them): the
     * office's shared rows (the streams' counter rows, the access log's chain head) are held only for as long as
     * PostgreSQL needs to commit. When one of them fails, PostgreSQL answers every later one with an error and turns
     * the {@code COMMIT} into a rollback; the first failure in order is the answer. A connection goes back to the
     * pool only with its transaction ended: unless the {@code COMMIT} went out (after which PostgreSQL has ended it
     * either way), a {@code ROLLBACK} is sent and answered first, also when the caller cancels half-way.
     */
    public <T> Uni<T> inTransaction(Function<Tx, Uni<T>> work) {
        return pool.getConnection().chain(connection -> {
            Tx tx = new Tx(connection);
            AtomicBoolean commitSent = new AtomicBoolean();
            // Sent now, ahead of the work's first statement; its outcome is checked before the COMMIT. Were it to
            // fail, so would everything after it on this connection (a broken connection, an aborted transaction).
            Uni<Void> begin = connection.query("BEGIN").execute().replaceWithVoid().memoize().indefinitely();
            begin.subscribe().with(ignored -> {
            }, ignored -> {
            });
            return Uni.createFrom().deferred(() -> work.apply(tx))
                    .call(() -> begin)
                    .chain(result -> commit(connection, tx, () -> commitSent.set(true)).replaceWith(result))
                    .onTermination().call(() -> release(connection, commitSent.get()));
        });
    }

    /** Ends an unfinished transaction before the connection goes back to the pool, then gives it back. */
    private static Uni<Void> release(SqlConnection connection, boolean commitSent) {
        Uni<Void> end = commitSent ? Uni.createFrom().voidItem()
                : connection.query("ROLLBACK").execute().replaceWithVoid().onFailure().recoverWithNull();
        return end.chain(connection::close).onFailure().recoverWithNull();
    }

    private Uni<Void> commit(SqlConnection connection, Tx tx, Runnable commitSent) {
        List<Function<SqlConnection, Uni<Void>>> statements = tx.atCommitStatements();
        boolean events = !tx.events().isEmpty();
        // Everything is subscribed at once, in order, so the connection sends the statements, the append and the
        // COMMIT back to back: one round trip. When a statement fails, PostgreSQL answers every later one with an
        // error and turns the COMMIT into a rollback; the first failure in order is the cause.
        List<Uni<Outcome>> steps = new ArrayList<>(statements.size() + 2);
        for (Function<SqlConnection, Uni<Void>> statement : statements) {
            // Applied here, before anything is sent: a statement that cannot even be built fails the transaction
            // before its COMMIT goes out.
            steps.add(statement.apply(connection).onItemOrFailure().transform((v, e) -> new Outcome(null, e)));
        }
        if (events) {
            steps.add(this.events.append(connection, List.copyOf(tx.events())).onItemOrFailure().transform(Outcome::new));
        }
        if (steps.isEmpty()) {
            // PostgreSQL answers a COMMIT of a transaction in which a statement failed with a rollback, not an error,
            // and the client does not tell the two apart. A statement ahead of it fails in such a transaction, so a
            // failure the work swallowed can never be answered as committed.
            steps.add(connection.query("SELECT 1").execute().onItemOrFailure().transform((v, e) -> new Outcome(null, e)));
        }
        steps.add(Uni.createFrom().deferred(() -> {
            commitSent.run();
            return connection.query("COMMIT").execute();
        }).onItemOrFailure().transform((v, e) -> new Outcome(null, e)));
        return Uni.join().all(steps).andFailFast().chain(outcomes -> {
            for (Outcome outcome : outcomes) {
                if (outcome.failure() != null) {
                    return Uni.createFrom().<Void>failure(outcome.failure());
                }
            }
            committed(tx, events ? outcomes.get(outcomes.size() - 2).wake() : null);
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
