package se.servicekontor.videomote.devices;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import se.servicekontor.videomote.security.DevicePrincipal;

/**
 * Verifies device tokens against their hashes in the database, with a small cache per instance. Entries live at most
 * {@code videomote.devices.token-cache-ttl}; a revoked or replaced token is dropped from every instance's cache as soon
 * as the event log delivers the change ({@link DeviceRevocations}), and remembered as revoked for a while so that a
 * verification that read the database just before the revocation committed cannot put it back.
 */
@ApplicationScoped
class DeviceTokens {

    /** A verified token: its device, when it was verified, and when this instance last recorded the device as seen. */
    private record Entry(DevicePrincipal device, long verifiedAt, AtomicLong seenWrittenAt) {
    }

    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    /** Token ids revoked or replaced recently, with the time (nanos) until which they are remembered. */
    private final Map<UUID, Long> revoked = new ConcurrentHashMap<>();
    private final Pool pool;
    private final DeviceQueries queries;
    private final DeviceConfig config;
    private final Clock clock;

    DeviceTokens(Pool pool, DeviceQueries queries, DeviceConfig config, Clock clock) {
        this.pool = pool;
        this.queries = queries;
        this.config = config;
        this.clock = clock;
    }

    /** The device of {@code token}, or null when it is malformed, unknown, replaced or revoked. */
    Uni<DevicePrincipal> verify(String token) {
        if (!DeviceSecrets.wellFormed(token)) {
            return Uni.createFrom().nullItem();
        }
        String key = HexFormat.of().formatHex(DeviceSecrets.sha256(token));
        long now = System.nanoTime();
        Entry entry = cache.get(key);
        if (entry != null && now - entry.verifiedAt() < config.tokenCacheTtl().toNanos()
                && !revoked.containsKey(entry.device().tokenId())) {
            seen(entry, now);
            return Uni.createFrom().item(entry.device());
        }
        return queries.byToken(pool, HexFormat.of().parseHex(key)).map(device -> {
            if (device == null || revoked.containsKey(device.tokenId())) {
                cache.remove(key);
                return null;
            }
            if (cache.size() >= config.tokenCacheSize()) {
                evictExpired(System.nanoTime());
            }
            Entry fresh = new Entry(device, now, new AtomicLong(now - config.lastSeenInterval().toNanos() - 1));
            if (cache.size() < config.tokenCacheSize()) {
                cache.put(key, fresh);
            }
            seen(fresh, now);
            return device;
        });
    }

    /** True while {@code tokenId} is known here to be revoked or replaced. */
    boolean isRevoked(UUID tokenId) {
        return revoked.containsKey(tokenId);
    }

    /** Forgets every cached verification of {@code tokenId} and refuses it from the cache from now on. */
    void invalidate(UUID tokenId) {
        revoked.put(tokenId, System.nanoTime() + 2 * config.tokenCacheTtl().toNanos());
        cache.values().removeIf(e -> e.device().tokenId().equals(tokenId));
    }

    /** Coarse {@code lastSeenAt}: at most one write per device per interval from this instance, and none if fresh. */
    private void seen(Entry entry, long now) {
        long interval = config.lastSeenInterval().toNanos();
        long last = entry.seenWrittenAt().get();
        if (now - last < interval || !entry.seenWrittenAt().compareAndSet(last, now)) {
            return;
        }
        Instant at = clock.instant();
        queries.seen(pool, entry.device().deviceId(), at, at.minus(config.lastSeenInterval())).subscribe().with(
                ok -> {
                }, e -> Log.debugf("Could not record device %s as seen: %s", entry.device().deviceId(),
                        e.getClass().getSimpleName()));
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        long now = System.nanoTime();
        evictExpired(now);
        revoked.values().removeIf(until -> until - now < 0);
    }

    private void evictExpired(long now) {
        long ttl = config.tokenCacheTtl().toNanos();
        cache.values().removeIf(e -> now - e.verifiedAt() >= ttl);
    }

    /** Cached verifications (for tests). */
    int cached() {
        return cache.size();
    }
}
