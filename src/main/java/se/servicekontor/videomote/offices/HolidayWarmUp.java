package se.servicekontor.videomote.offices;

import java.time.Clock;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/** Loads the holiday data at start-up, off the event loop, instead of in the first request that needs it. */
@ApplicationScoped
class HolidayWarmUp {

    void onStart(@Observes StartupEvent event, Clock clock) {
        SwedishHolidays.warmUp(LocalDate.now(clock).getYear());
    }
}
