package se.servicekontor.videomote.bookings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.bookings.BookingQueries.Context;
import se.servicekontor.videomote.bookings.BookingQueries.OfficeEntry;
import se.servicekontor.videomote.bookings.BookingQueries.OfficerLoad;
import se.servicekontor.videomote.bookings.BookingRecords.SlotView;
import se.servicekontor.videomote.bookings.SlotGrid.Slot;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Problem.FieldError;

/**
 * Free slots of a service. Four queries whatever the range: the offices with their calendars, the rooms with their
 * bookings, the officers with their shifts and bookings; the slot grid and the matching are done in memory.
 */
@ApplicationScoped
public class AvailabilityService {

    /** Whose "today" a range without {@code from} starts on: the offices' default time zone. */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Stockholm");
    static final int DEFAULT_DAYS = 14;

    private final BookingQueries queries;
    private final BookingConfig config;
    private final Db db;
    private final Clock clock;

    public AvailabilityService(BookingQueries queries, BookingConfig config, Db db, Clock clock) {
        this.queries = queries;
        this.config = config;
        this.db = db;
        this.clock = clock;
    }

    /** What a caller asks: {@code office} null means every office that offers the agency. */
    public record Query(String agency, String service, String office, LocalDate from, LocalDate to, String language,
            boolean accessibleRoom) {
    }

    /**
     * Free slots from {@code from} to {@code to} (inclusive local dates), ordered by start and office. Only slots
     * starting after now and within the booking horizon are offered.
     */
    public Uni<List<SlotView>> slots(Query q) {
        LocalDate from = q.from() != null ? q.from() : LocalDate.now(clock.withZone(DEFAULT_ZONE));
        LocalDate to = q.to() != null ? q.to() : from.plusDays(DEFAULT_DAYS - 1);
        List<FieldError> errors = new ArrayList<>();
        if (to.isBefore(from)) {
            errors.add(new FieldError("to", "must not be before from"));
        } else if (ChronoUnit.DAYS.between(from, to) >= config.maxAvailabilityDays()) {
            errors.add(new FieldError("to", "the range may span at most " + config.maxAvailabilityDays() + " days"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(ApiException.invalid(errors));
        }
        Instant now = clock.instant();
        Instant horizon = now.plus(Duration.ofDays(config.horizonDays()));
        return db.withConnection(c -> queries.context(c, q.office(), q.agency(), q.service(), from, to).chain(ctx -> {
            List<FieldError> problems = ctx.problems(q.office());
            if (!problems.isEmpty()) {
                throw ApiException.invalid(problems);
            }
            List<Candidate> candidates = candidates(ctx, from, to, now, horizon);
            if (candidates.isEmpty()) {
                return Uni.createFrom().item(List.<SlotView>of());
            }
            Instant windowStart = candidates.stream().map(k -> k.slot().start()).min(Comparator.naturalOrder()).get();
            Instant windowEnd = candidates.stream().map(k -> k.slot().end()).max(Comparator.naturalOrder()).get();
            List<String> officeIds = candidates.stream().map(Candidate::officeId).distinct().toList();
            return queries.roomLoad(c, officeIds, windowStart, windowEnd, q.accessibleRoom())
                    .chain(rooms -> queries.officerLoad(c, q.agency(), q.service(), q.language(), windowStart, windowEnd)
                            .map(officers -> free(candidates, rooms, officers)));
        })).invoke(slots -> Log.debugf("Availability of %s/%s at %s from %s to %s: %d slots", q.agency(), q.service(),
                q.office() == null ? "all offices" : q.office(), from, to, slots.size()));
    }

    private record Candidate(String officeId, ZoneId zone, Slot slot) {
    }

    /** The grid of every office and day, before rooms and officers are considered. */
    private static List<Candidate> candidates(Context ctx, LocalDate from, LocalDate to, Instant now, Instant horizon) {
        Duration duration = Duration.ofMinutes(ctx.durationMinutes());
        List<Candidate> candidates = new ArrayList<>();
        for (OfficeEntry office : ctx.offices()) {
            if (!office.offersAgency()) {
                continue;
            }
            OfficeCalendar calendar = office.calendar();
            for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
                for (Slot slot : calendar.slotsOn(date, duration)) {
                    if (slot.start().isAfter(now) && !slot.start().isAfter(horizon)) {
                        candidates.add(new Candidate(calendar.officeId(), calendar.zone(), slot));
                    }
                }
            }
        }
        return candidates;
    }

    /** The candidates with a free room at their office and a free officer on shift. */
    private static List<SlotView> free(List<Candidate> candidates, Map<String, List<Timeline>> rooms,
            List<OfficerLoad> officers) {
        // Officers serve every office by video: whether one is free depends only on the slot, not on the office.
        Map<Instant, Boolean> officerFree = new HashMap<>();
        List<SlotView> free = new ArrayList<>();
        for (Candidate k : candidates) {
            Slot s = k.slot();
            boolean room = rooms.getOrDefault(k.officeId(), List.of()).stream()
                    .anyMatch(busy -> !busy.overlaps(s.start(), s.end()));
            if (room && officerFree.computeIfAbsent(s.start(),
                    start -> officers.stream().anyMatch(o -> o.freeFor(s.start(), s.end())))) {
                free.add(new SlotView(k.officeId(), BookingRecords.at(s.start(), k.zone()),
                        BookingRecords.at(s.end(), k.zone())));
            }
        }
        free.sort(Comparator.comparing((SlotView v) -> v.start().toInstant()).thenComparing(SlotView::office));
        return free;
    }
}
