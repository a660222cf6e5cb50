package se.servicekontor.videomote.bookings;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Bookings whose visitor never arrives: every {@code videomote.bookings.no-show-sweep-every}, bookings still BOOKED
 * {@code no-show-after} past their start become NO_SHOW, which frees their room and officer. Safe on several
 * instances at once (rows are claimed with SKIP LOCKED).
 */
@ApplicationScoped
class NoShowSweep {

    private final BookingService bookings;

    NoShowSweep(BookingService bookings) {
        this.bookings = bookings;
    }

    @Scheduled(every = "${videomote.bookings.no-show-sweep-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return bookings.markNoShows().replaceWithVoid();
    }
}
