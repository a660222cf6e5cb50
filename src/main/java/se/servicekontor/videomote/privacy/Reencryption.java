package se.servicekontor.videomote.privacy;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.privacy.PrivacyQueries.StaleNumber;

/**
 * Brings every stored personal number to the current keys: at start-up, values still in clear (from before V10) are
 * encrypted and hashed before the service answers; then, every {@code videomote.privacy.reencrypt-every}, values
 * encrypted with an older key, or hashed with an older lookup key, are re-encrypted and rehashed, so an old key can be
 * removed once none is left. Batches claim rows
 * with SKIP LOCKED, so several instances share the work.
 */
@ApplicationScoped
public class Reencryption {

    private final Db db;
    private final PrivacyQueries queries;
    private final PersonalNumbers numbers;
    private final PrivacyConfig config;

    Reencryption(Db db, PrivacyQueries queries, PersonalNumbers numbers, PrivacyConfig config) {
        this.db = db;
        this.queries = queries;
        this.numbers = numbers;
        this.config = config;
    }

    /**
     * At start-up, in the background: an instance must start (and report not ready) while the database is down, so a
     * failure here is logged and left to the scheduled run (V10 made new clear values impossible).
     */
    void onStart(@Observes StartupEvent event) {
        run().subscribe().with(n -> {
            if (n > 0) {
                Log.infof("Encrypted or re-encrypted %d stored personal number(s) with key %s", n,
                        numbers.currentKeyId());
            }
        }, failure -> Log.warnf("Re-encryption at start-up failed (%s); the scheduled run retries",
                failure.getClass().getSimpleName()));
    }

    @Scheduled(every = "${videomote.privacy.reencrypt-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().invoke(n -> {
            if (n > 0) {
                Log.infof("Re-encrypted %d stored personal number(s) with key %s", n, numbers.currentKeyId());
            }
        }).replaceWithVoid();
    }

    /** Re-encrypts until nothing stale is left; answers how many values it rewrote. */
    public Uni<Integer> run() {
        return batch(0);
    }

    private Uni<Integer> batch(int sofar) {
        int limit = config.reencryptBatch();
        return db.inTransaction(tx -> queries.staleNumbers(tx.connection(), numbers.currentKeyId(), numbers.lookupKeyFingerprint(), limit)
                .call(stale -> stale.isEmpty() ? Uni.createFrom().voidItem() : store(tx.connection(), stale)))
                .chain(stale -> stale.size() < limit ? Uni.createFrom().item(sofar + stale.size())
                        : batch(sofar + stale.size()));
    }

    private Uni<Void> store(io.vertx.mutiny.sqlclient.SqlConnection tx, List<StaleNumber> stale) {
        int n = stale.size();
        UUID[] ids = new UUID[n];
        String[] encrypted = new String[n];
        Buffer[] hashes = new Buffer[n];
        for (int i = 0; i < n; i++) {
            StaleNumber s = stale.get(i);
            String clear = s.clear() != null ? s.clear() : numbers.decrypt(s.id(), s.encrypted());
            ids[i] = s.id();
            encrypted[i] = numbers.encrypt(s.id(), clear);
            hashes[i] = Buffer.buffer(numbers.lookupHash(clear));
        }
        return queries.storeNumbers(tx, ids, encrypted, hashes, numbers.lookupKeyFingerprint());
    }
}
