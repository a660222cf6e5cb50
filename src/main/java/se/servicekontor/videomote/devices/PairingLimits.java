package se.servicekontor.videomote.devices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.RateLimiter;

/**
 * Limits on pairing attempts, in two lines. First a token bucket per client address in this instance's memory, which
 * turns a flood away before it costs a database write. Then counts in the database, shared by every instance, per
 * fixed window: attempts per client address, and failed attempts of all clients together. An attacker who spreads
 * guesses over N instances or many addresses gains nothing beyond those counts; see docs/devices.md for the numbers.
 */
@ApplicationScoped
class PairingLimits {

    static final String GLOBAL = "*";

    private final RateLimiter limiter;
    private final RateLimiter.Limit perClient;
    private final Pool pool;
    private final DeviceQueries queries;
    private final DeviceConfig.Pairing config;
    private final Clock clock;

    PairingLimits(RateLimiter limiter, Pool pool, DeviceQueries queries, DeviceConfig config, Clock clock) {
        this.limiter = limiter;
        this.perClient = new RateLimiter.Limit("device-pairing", config.pairing().burst(), config.pairing().perMinute());
        this.pool = pool;
        this.queries = queries;
        this.config = config.pairing();
        this.clock = clock;
    }

    /** Counts one attempt of {@code client}, or fails with 429 (and Retry-After) when it is over a limit. */
    Uni<Void> admit(String client) {
        try {
            limiter.check(perClient, client);
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        Instant now = clock.instant();
        Instant window = windowStart(now);
        return queries.countAttempt(pool, client, window).map(counts -> {
            if (counts.attempts() > config.maxPerClient() || counts.failures() >= config.maxFailures()) {
                long seconds = Math.max(1, Duration.between(now, window.plus(config.window())).toSeconds() + 1);
                if (counts.failures() >= config.maxFailures()) {
                    Log.warnf("Pairing refused for everyone until the window ends: %d failed attempts", counts.failures());
                }
                throw ApiException.tooManyRequests("Too many pairing attempts; try again in " + seconds + " s.", seconds);
            }
            return null;
        }).replaceWithVoid();
    }

    /** Records a failed attempt of {@code client} in the shared counts. */
    Uni<Void> failed(String client) {
        return queries.countFailure(pool, client, windowStart(clock.instant()));
    }

    Instant windowStart(Instant now) {
        long size = config.window().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), size) * size);
    }

    /** Counts of past windows protect nothing: drop them (client addresses are kept no longer than needed). */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return queries.purgeAttempts(pool, windowStart(clock.instant()).minus(config.window()))
                .onFailure().invoke(e -> Log.debugf("Purging pairing counts failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
