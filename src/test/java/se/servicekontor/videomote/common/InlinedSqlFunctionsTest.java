package se.servicekontor.videomote.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The SQL functions the write path calls per row are inlined by PostgreSQL's planner (V18): a function it cannot
 * inline has its body parsed and planned again at every call, which cost a few per cent of PostgreSQL's CPU in a
 * queue cycle. A function is inlined when EXPLAIN VERBOSE shows its body instead of a call to it; declaring one
 * more strictly than its body allows (IMMUTABLE over a STABLE body, STRICT over a non-strict one) silently stops that.
 */
@QuarkusTest
class InlinedSqlFunctionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void shouldInlineTheAccessLogsCanonicalForm() {
        String plan = plan("SELECT audit_canonical('c', x, now(), 'a', 'r', 'READ', 'VISIT', gen_random_uuid()) "
                + "FROM generate_series(1, 3) x");

        assertThat(plan).doesNotContain("audit_canonical(").contains("convert_to(");
    }

    @Test
    void shouldInlineTheStatisticsBinAndKeepItsAnswers() {
        String plan = plan("SELECT visit_stats_bin(x, 720) FROM generate_series(1, 3) x");

        assertThat(plan).doesNotContain("visit_stats_bin(").containsIgnoringCase("least(");
        Row row = pool.query("SELECT visit_stats_bin(5, 720), visit_stats_bin(900, 720), visit_stats_bin(NULL, 720), "
                + "visit_stats_bin(5, NULL)").execute().await().atMost(WAIT).iterator().next();
        assertThat(row.getInteger(0)).isEqualTo(5);
        assertThat(row.getInteger(1)).as("minutes over the cap fall in the cap's bin").isEqualTo(720);
        assertThat(row.getValue(2)).as("no minutes, no bin").isNull();
        assertThat(row.getValue(3)).isNull();
    }

    private String plan(String select) {
        StringBuilder plan = new StringBuilder();
        for (Row line : pool.query("EXPLAIN (VERBOSE) " + select).execute().await().atMost(WAIT)) {
            plan.append(line.getString(0)).append('\n');
        }
        return plan.toString();
    }
}
