package se.servicekontor.videomote.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The pool keeps statements of the write path's length prepared on its connections: executed twice on one connection,
 * a statement over Vert.x's default limit of 2,048 characters is prepared once, under a name, and answered right
 * both times.
 */
@QuarkusTest
class StatementCachingPoolTest {

    @Inject
    Pool pool;

    @Test
    void shouldKeepALongStatementPreparedOnItsConnection() {
        String marker = "statement-cache-" + UUID.randomUUID();
        String sql = "SELECT $1::int + 1 AS n /* " + marker + " " + "x".repeat(4_000) + " */";

        long[] answers = pool.withConnection(c -> c.preparedQuery(sql).execute(Tuple.of(1))
                .chain(first -> c.preparedQuery(sql).execute(Tuple.of(41))
                        .chain(second -> c.preparedQuery("SELECT count(*) AS prepared FROM pg_prepared_statements "
                                + "WHERE statement LIKE '%' || $1 || '%' AND NOT from_sql")
                                .execute(Tuple.of(marker))
                                .map(rows -> new long[] { first.iterator().next().getLong("n"),
                                        second.iterator().next().getLong("n"),
                                        rows.iterator().next().getLong("prepared") }))))
                .await().atMost(Duration.ofSeconds(10));

        assertThat(sql).hasSizeGreaterThan(2_048);
        assertThat(answers[0]).isEqualTo(2);
        assertThat(answers[1]).isEqualTo(42);
        assertThat(answers[2]).as("the long statement is prepared once and kept on its connection").isEqualTo(1);
    }
}
