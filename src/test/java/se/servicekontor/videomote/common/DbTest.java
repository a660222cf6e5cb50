package se.servicekontor.videomote.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import se.servicekontor.videomote.testing.Sql;

/**
 * How {@link Db} drives a transaction: its last statements and COMMIT go out together, without a round trip through
 * the service between them; a failure anywhere rolls everything back and is the answer; and a connection goes back to
 * the pool only with its transaction ended, also when the caller gives up half-way. The checks that need to know
 * which connection they get run on a pool of one connection.
 */
@QuarkusTest
class DbTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final EventAppender NO_EVENTS = (c, events) -> Uni.createFrom().item(() -> {
    });

    @Inject
    Db db;

    @Inject
    Vertx vertx;

    private Pool single;
    private Db onOne;

    @AfterAll
    static void dropTable() {
        Sql.update("DROP SCHEMA IF EXISTS db_test CASCADE");
    }

    @BeforeEach
    void onePool() {
        // A schema of its own, so that nothing that lists the application's tables meets it.
        Sql.update("CREATE SCHEMA IF NOT EXISTS db_test");
        Sql.update("CREATE TABLE IF NOT EXISTS db_test.probe (id uuid PRIMARY KEY)");
        PgConnectOptions options = PgConnectOptions.fromUri(setting("quarkus.datasource.reactive.url"))
                .setUser(setting("quarkus.datasource.username"));
        String password = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.password", String.class)
                .orElse(null);
        if (password != null) {
            options.setPassword(password);
        }
        single = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options)
                .using(vertx.getDelegate()).build());
        onOne = new Db(single, NO_EVENTS);
    }

    @AfterEach
    void closePool() {
        single.closeAndAwait();
    }

    @Test
    void shouldCommitWhileTheServiceIsBusyRightAfterSendingTheLastStatements() throws Exception {
        UUID id = UUID.randomUUID();
        CompletableFuture<Void> loopFree = new CompletableFuture<>();

        CompletableFuture<Integer> done = db.inTransaction(tx -> tx.connection().query("SELECT 1").execute()
                .map(rows -> {
                    tx.atCommit(c -> {
                        // Runs on the connection's event loop as the last statements are sent; the task below takes
                        // that loop right after, so nothing more can be sent on this connection for 1.5 s.
                        Context loop = io.vertx.core.Vertx.currentContext();
                        loop.runOnContext(v -> {
                            try {
                                Thread.sleep(1_500);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                loopFree.complete(null);
                            }
                        });
                        return c.query("INSERT INTO db_test.probe (id) VALUES ('" + id + "')").execute()
                                .replaceWithVoid();
                    });
                    return 1;
                })).subscribeAsCompletionStage().toCompletableFuture();

        // Looked for during the first second only, each look started while the loop was still taken: a COMMIT sent
        // only once the loop is free again (after 1.5 s) cannot be seen.
        boolean committedWhileTaken = false;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < until) {
            boolean taken = !loopFree.isDone();
            if (Sql.count("SELECT count(*) FROM db_test.probe WHERE id = ?", id) == 1) {
                committedWhileTaken = taken;
                break;
            }
            Thread.sleep(10);
        }
        loopFree.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(committedWhileTaken)
                .as("the COMMIT went out with the last statement, not after its answer came back to the service")
                .isTrue();
        assertThat(done.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void shouldRollBackAndAnswerWithTheFirstFailureWhenALastStatementFails() {
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> onOne.inTransaction(tx -> {
            tx.atCommit(c -> c.query("INSERT INTO db_test.probe (id) VALUES ('" + id + "')").execute().replaceWithVoid());
            tx.atCommit(c -> c.query("SELECT 1 / 0").execute().replaceWithVoid());
            tx.atCommit(c -> c.query("SELECT 2").execute().replaceWithVoid());
            return Uni.createFrom().item(1);
        }).await().atMost(WAIT)).hasMessageContaining("division by zero");

        assertThat(Sql.count("SELECT count(*) FROM db_test.probe WHERE id = ?", id)).isZero();
        assertNoTransactionLeftOpen();
    }

    @Test
    void shouldNeverAnswerCommittedWhenTheWorkSwallowedAFailedStatement() {
        UUID id = UUID.randomUUID();

        // PostgreSQL answers the COMMIT of such a transaction with a rollback, not an error.
        assertThatThrownBy(() -> onOne.inTransaction(tx -> tx.connection()
                .query("INSERT INTO db_test.probe (id) VALUES ('" + id + "')").execute()
                .chain(() -> tx.connection().query("SELECT 1 / 0").execute().onFailure().recoverWithNull())
                .replaceWith(1)).await().atMost(WAIT)).as("answered as failed, not as committed")
                .isInstanceOf(RuntimeException.class);

        assertThat(Sql.count("SELECT count(*) FROM db_test.probe WHERE id = ?", id)).isZero();
        assertNoTransactionLeftOpen();
    }

    @Test
    void shouldRollBackWhenTheWorkFails() {
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> onOne.inTransaction(tx -> tx.connection()
                .query("INSERT INTO db_test.probe (id) VALUES ('" + id + "')").execute()
                .chain(() -> Uni.createFrom().<Integer>failure(new IllegalStateException("refused by the work"))))
                .await().atMost(WAIT)).hasMessageContaining("refused by the work");

        assertThat(Sql.count("SELECT count(*) FROM db_test.probe WHERE id = ?", id)).isZero();
        assertNoTransactionLeftOpen();
    }

    @Test
    void shouldRollBackBeforeTheConnectionIsReusedWhenTheCallerGivesUp() throws Exception {
        UUID id = UUID.randomUUID();
        CompletableFuture<Void> written = new CompletableFuture<>();

        Cancellable caller = onOne.inTransaction(tx -> tx.connection()
                .query("INSERT INTO db_test.probe (id) VALUES ('" + id + "')").execute()
                .invoke(() -> written.complete(null))
                .chain(() -> Uni.createFrom().<Integer>nothing()))
                .subscribe().with(item -> {
                }, failure -> {
                });
        written.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        caller.cancel();

        assertNoTransactionLeftOpen();
        assertThat(Sql.count("SELECT count(*) FROM db_test.probe WHERE id = ?", id)).isZero();
        assertThat(onOne.inTransaction(tx -> tx.connection().query("INSERT INTO db_test.probe (id) VALUES ('"
                + UUID.randomUUID() + "') RETURNING id").execute().map(rows -> rows.rowCount()))
                .await().atMost(WAIT)).isEqualTo(1);
    }

    @Test
    void shouldCommitATransactionThatWroteNothingAtTheEnd() {
        UUID id = UUID.randomUUID();

        assertThat(onOne.inTransaction(tx -> tx.connection()
                .query("INSERT INTO db_test.probe (id) VALUES ('" + id + "')").execute().replaceWith("done"))
                .await().atMost(WAIT)).isEqualTo("done");

        assertThat(Sql.count("SELECT count(*) FROM db_test.probe WHERE id = ?", id)).isEqualTo(1);
        assertNoTransactionLeftOpen();
    }

    /**
     * The pool's only connection is back and outside any transaction: SAVEPOINT is refused outside a transaction
     * block, and the pool hands the connection out only once it has been given back.
     */
    private void assertNoTransactionLeftOpen() {
        assertThatThrownBy(() -> single.query("SAVEPOINT probe").execute().await().atMost(WAIT))
                .as("the connection came back with its transaction ended")
                .hasMessageContaining("can only be used in transaction blocks");
        List<?> ok = single.query("SELECT 1").execute().await().atMost(WAIT).columnsNames();
        assertThat(ok).hasSize(1);
    }

    private static String setting(String key) {
        return ConfigProvider.getConfig().getOptionalValue(key, String.class)
                .orElseGet(() -> System.getProperty("videomote.test." + key));
    }
}
