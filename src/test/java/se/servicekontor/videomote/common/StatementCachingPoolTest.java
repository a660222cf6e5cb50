package se.servicekontor.videomote.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The pool keeps statements of the write path's length prepared on its connections: executed twice on one connection,
 * a statement over Vert.x's default limit of 2,048 characters is prepared once, under a name, and answered right
 * both times.
 */
@QuarkusTest
class StatementCachingPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void shouldKeepALongStatementPreparedOnItsConnection() {
        String marker = "statement-cache-" + UUID.randomUUID();
        String sql = "SELECT $1::int + 1 AS n /* " + marker + " " + "x".repeat(4_000) + " */";

        long first;
        long second;
        long prepared;
        SqlConnection c = pool.getConnection().await().atMost(WAIT);
        try {
            first = value(c.preparedQuery(sql).execute(Tuple.of(1)));
            second = value(c.preparedQuery(sql).execute(Tuple.of(41)));
            prepared = value(c.preparedQuery("SELECT count(*) FROM pg_prepared_statements "
                    + "WHERE statement LIKE '%' || $1 || '%' AND NOT from_sql").execute(Tuple.of(marker)));
        } finally {
            c.closeAndAwait();
        }

        assertThat(sql).hasSizeGreaterThan(2_048);
        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(42);
        assertThat(prepared).as("the long statement is prepared once and kept on its connection").isEqualTo(1);
    }

    private static long value(Uni<RowSet<Row>> rows) {
        return rows.await().atMost(WAIT).iterator().next().getLong(0);
    }
}
