package se.servicekontor.videomote.common;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;

/**
 * Creates the reactive pool from the connection options and pool settings Quarkus built from its configuration, with
 * one change: the statements the pool keeps prepared on each connection (Quarkus's
 * {@code quarkus.datasource.reactive.cache-prepared-statements}, on by default) include long ones. Vert.x keeps only
 * statements of up to 2,048 characters, and the ones over that limit are the write path's largest ("next", a
 * visit's transition, the queue summary): sent unnamed, each was parsed and planned again at every execution, 0.5–1 ms
 * of PostgreSQL's CPU per statement. Kept prepared, PostgreSQL's plan cache plans them once per
 * connection wherever a generic plan is as good as a custom one, as it did for the shorter statements already.
 *
 * <p>Quarkus's own pool asks a credentials provider ({@code quarkus.datasource.credentials-provider}) for each new
 * connection; this one uses the user name and password of the options, so it refuses to start when a credentials
 * provider is configured rather than connect without it.
 *
 * <p>A rolling deployment whose migration changes the columns a cached statement returns makes that statement fail
 * on the connections of the old instances ("cached plan must not change result type"); migrations here add tables
 * and columns that the old code does not select with {@code *} at the top level, which is what keeps that safe.
 */
@Singleton
public class StatementCachingPool implements PgPoolCreator {

    private final int sqlLimit;
    private final int maxSize;
    private final Optional<String> credentialsProvider;

    /**
     * {@code sqlLimit}: the longest statement kept, in characters (the test suite's longest was about 4,200);
     * {@code maxSize}: statements kept per connection, least recently used dropped first (Vert.x's default is 256).
     */
    StatementCachingPool(
            @ConfigProperty(name = "videomote.db.statement-cache-sql-limit", defaultValue = "16384") int sqlLimit,
            @ConfigProperty(name = "videomote.db.statement-cache-max-size", defaultValue = "512") int maxSize,
            @ConfigProperty(name = "quarkus.datasource.credentials-provider") Optional<String> credentialsProvider) {
        this.sqlLimit = sqlLimit;
        this.maxSize = maxSize;
        this.credentialsProvider = credentialsProvider;
    }

    @Override
    public Pool create(Input input) {
        if (credentialsProvider.isPresent()) {
            throw new IllegalStateException("quarkus.datasource.credentials-provider is set, but the statement-caching "
                    + "pool connects with the configured user name and password only");
        }
        input.pgConnectOptionsList().forEach(options -> options.setPreparedStatementCacheSqlLimit(sqlLimit)
                .setPreparedStatementCacheMaxSize(maxSize));
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
