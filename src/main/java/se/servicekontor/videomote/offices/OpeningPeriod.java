package se.servicekontor.videomote.offices;

import java.time.DayOfWeek;
import java.time.LocalTime;

import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;

/** One period an office is open on a weekday, in the office's local time. */
@Embeddable
public record OpeningPeriod(@Convert(converter = IsoDayConverter.class) DayOfWeek day, LocalTime opens, LocalTime closes) {

    boolean overlaps(OpeningPeriod other) {
        return day == other.day && opens.isBefore(other.closes) && other.opens.isBefore(closes);
    }
}
