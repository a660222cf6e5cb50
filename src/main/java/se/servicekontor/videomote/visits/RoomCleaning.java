package se.servicekontor.videomote.visits;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.offices.RoomEvents;
import se.servicekontor.videomote.offices.RoomEvents.RoomStatusChanged;

/**
 * Ends cleaning buffers: a room left CLEANING by a completed meeting becomes AVAILABLE once its
 * {@code cleaning_until} has passed. The deadline is a column, so it survives restarts; every instance may sweep,
 * rows another instance is sweeping are skipped.
 */
@ApplicationScoped
class RoomCleaning {

    static final int BATCH = 100;

    private final Db db;
    private final VisitQueries queries;
    private final Clock clock;

    RoomCleaning(Db db, VisitQueries queries, Clock clock) {
        this.db = db;
        this.queries = queries;
        this.clock = clock;
    }

    @Scheduled(every = "${videomote.visits.cleaning-sweep-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        Instant now = clock.instant();
        return db.inTransaction(tx -> queries.endCleaning(tx.connection(), now, BATCH).invoke(rooms -> rooms
                .forEach(room -> tx.emit(RoomEvents.statusChanged(new RoomStatusChanged(room.id(), room.officeId(),
                        room.name(), room.status(), now))))))
                .invoke(rooms -> rooms.forEach(room -> Log.infof("Room %s of office %s is AVAILABLE after cleaning",
                        room.id(), room.officeId())))
                .replaceWithVoid()
                // The next sweep retries; a failing one (database away, shutting down) must not look like a crash.
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("Cleaning sweep failed, retrying on the next run: %s", e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
