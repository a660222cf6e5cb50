package se.servicekontor.videomote.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimelineTest {

    private static Instant at(int minute) {
        return Instant.parse("2030-01-01T00:00:00Z").plusSeconds(minute * 60L);
    }

    @Test
    void shouldMergeTouchingRangesSoThatSlotsAcrossThemAreCovered() {
        Timeline shifts = new Timeline.Builder().add(at(60), at(105)).add(at(105), at(180)).add(at(300), at(360)).build();
        assertThat(shifts.covers(at(60), at(120))).isTrue();
        assertThat(shifts.covers(at(100), at(180))).isTrue();
        assertThat(shifts.covers(at(170), at(190))).isFalse();
        assertThat(shifts.covers(at(30), at(70))).isFalse();
        assertThat(shifts.covers(at(300), at(360))).isTrue();
        assertThat(shifts.covers(at(240), at(250))).isFalse();
    }

    @Test
    void shouldTreatRangesAsHalfOpen() {
        Timeline busy = new Timeline.Builder().add(at(60), at(90)).build();
        assertThat(busy.overlaps(at(30), at(60))).isFalse();
        assertThat(busy.overlaps(at(90), at(120))).isFalse();
        assertThat(busy.overlaps(at(89), at(120))).isTrue();
        assertThat(busy.overlaps(at(30), at(61))).isTrue();
        assertThat(busy.overlaps(at(70), at(80))).isTrue();
        assertThat(busy.overlaps(at(0), at(200))).isTrue();
        assertThat(Timeline.EMPTY.overlaps(at(0), at(200))).isFalse();
        assertThat(Timeline.EMPTY.covers(at(0), at(1))).isFalse();
    }
}
