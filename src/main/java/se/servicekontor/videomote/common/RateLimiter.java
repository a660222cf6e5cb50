package se.servicekontor.videomote.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/**
 * Named rate limits per client (a device, a token subject, a client address), as token buckets in this instance's
 * memory. A caller over its limit gets 429 problem+json with {@code Retry-After} before anything is created.
 *
 * <p>The buckets are per instance: behind a load balancer with N instances a client may get up to N times its limit.
 * A limit that must hold across instances (e.g. against guessing a secret) combines this with state in the database.
 */
@ApplicationScoped
public class RateLimiter {

    /** One limit: {@code burst} requests at once, refilled at {@code perMinute}. Name it after what it protects. */
    public record Limit(String name, int burst, int perMinute) {
        public Limit {
            if (burst < 1 || perMinute < 1) {
                throw new IllegalArgumentException("Rate limit " + name + " needs burst and per-minute of at least 1");
            }
        }
    }

    /** Beyond this many tracked clients, idle (full) buckets are dropped at once instead of at the next sweep. */
    static final int MAX_BUCKETS = 200_000;

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** Takes one request of {@code key} under {@code limit}, or throws 429 with the seconds until the next one. */
    public void check(Limit limit, String key) {
        long now = System.nanoTime();
        if (buckets.size() > MAX_BUCKETS) {
            forgetIdle(now);
        }
        TokenBucket bucket = buckets.computeIfAbsent(limit.name() + '\u0000' + key,
                k -> new TokenBucket(limit.burst(), limit.perMinute() / 60.0, now));
        if (!bucket.tryTake(now)) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(bucket.nanosUntilToken(now) + 999_999_999L));
            throw ApiException.tooManyRequests("Too many requests; try again in " + seconds + " s.", seconds);
        }
    }

    /** Forgets buckets that have refilled: they would behave exactly like new ones. */
    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        forgetIdle(System.nanoTime());
    }

    private void forgetIdle(long now) {
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    /** How many clients are tracked now (for tests and metrics). */
    int tracked() {
        return buckets.size();
    }
}
