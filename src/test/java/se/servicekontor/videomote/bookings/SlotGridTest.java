package se.servicekontor.videomote.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import org.junit.jupiter.api.Test;

import se.servicekontor.videomote.bookings.SlotGrid.Period;
import se.servicekontor.videomote.bookings.SlotGrid.Slot;

class SlotGridTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final LocalDate SPRING = LocalDate.of(2030, Month.MARCH, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
    private static final LocalDate AUTUMN = LocalDate.of(2030, Month.OCTOBER, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));

    private static List<String> local(List<Slot> slots) {
        return slots.stream().map(s -> s.start().atZone(STOCKHOLM).toOffsetDateTime().toString()).toList();
    }

    private static Period hours(String opens, String closes) {
        return new Period(LocalTime.parse(opens), LocalTime.parse(closes));
    }

    @Test
    void shouldStartSlotsOnTheGridFromOpeningTime() {
        List<Slot> slots = SlotGrid.slots(LocalDate.of(2030, 1, 14), List.of(hours("08:00", "17:00")), STOCKHOLM,
                Duration.ofMinutes(45));
        assertThat(slots).hasSize(12);
        assertThat(local(slots)).startsWith("2030-01-14T08:00+01:00", "2030-01-14T08:45+01:00")
                .endsWith("2030-01-14T16:15+01:00");
        assertThat(slots.get(11).end()).isEqualTo(ZonedDateTime.of(2030, 1, 14, 17, 0, 0, 0, STOCKHOLM).toInstant());
    }

    @Test
    void shouldRestartTheGridAfterALunchClosure() {
        List<Slot> slots = SlotGrid.slots(LocalDate.of(2030, 1, 14),
                List.of(hours("13:10", "15:00"), hours("09:00", "12:00")), STOCKHOLM, Duration.ofMinutes(60));
        assertThat(local(slots)).containsExactly("2030-01-14T09:00+01:00", "2030-01-14T10:00+01:00",
                "2030-01-14T11:00+01:00", "2030-01-14T13:10+01:00");
    }

    @Test
    void shouldUseSummerTimeOffsetFromTheSpringSunday() {
        assertThat(local(SlotGrid.slots(SPRING.minusDays(1), List.of(hours("08:00", "17:00")), STOCKHOLM,
                Duration.ofMinutes(30)))).hasSize(18).first().isEqualTo(SPRING.minusDays(1) + "T08:00+01:00");
        List<Slot> sunday = SlotGrid.slots(SPRING, List.of(hours("08:00", "17:00")), STOCKHOLM, Duration.ofMinutes(30));
        assertThat(local(sunday)).hasSize(18).first().isEqualTo(SPRING + "T08:00+02:00");
        assertThat(local(sunday)).last().isEqualTo(SPRING + "T16:30+02:00");
    }

    @Test
    void shouldSkipTheHourThatDoesNotExistInSpring() {
        List<Slot> slots = SlotGrid.slots(SPRING, List.of(hours("01:00", "05:00")), STOCKHOLM, Duration.ofMinutes(60));
        assertThat(local(slots)).containsExactly(SPRING + "T01:00+01:00", SPRING + "T03:00+02:00",
                SPRING + "T04:00+02:00");
        for (Slot s : slots) {
            assertThat(Duration.between(s.start(), s.end())).isEqualTo(Duration.ofMinutes(60));
        }
    }

    @Test
    void shouldOfferTheRepeatedAutumnHourOnlyOnce() {
        List<Slot> slots = SlotGrid.slots(AUTUMN, List.of(hours("01:00", "05:00")), STOCKHOLM, Duration.ofMinutes(60));
        assertThat(local(slots)).containsExactly(AUTUMN + "T01:00+02:00", AUTUMN + "T02:00+02:00",
                AUTUMN + "T03:00+01:00", AUTUMN + "T04:00+01:00");
        assertThat(slots.stream().map(s -> s.start().atZone(STOCKHOLM).toLocalTime()).distinct()).hasSize(4);
        List<Slot> day = SlotGrid.slots(AUTUMN, List.of(hours("08:00", "17:00")), STOCKHOLM, Duration.ofMinutes(30));
        assertThat(local(day)).hasSize(18).first().isEqualTo(AUTUMN + "T08:00+01:00");
    }

    @Test
    void shouldOfferNothingWhenNothingFitsBeforeClosing() {
        assertThat(SlotGrid.slots(LocalDate.of(2030, 1, 14), List.of(hours("16:30", "17:00")), STOCKHOLM,
                Duration.ofMinutes(60))).isEmpty();
        assertThat(SlotGrid.slots(LocalDate.of(2030, 1, 14), List.of(), STOCKHOLM, Duration.ofMinutes(30))).isEmpty();
    }
}
