package se.servicekontor.videomote.offices;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonFormat;

import se.servicekontor.videomote.common.Slugs;

/** Request and response bodies of the offices API. */
public final class OfficeRecords {

    public static final String DEFAULT_TIME_ZONE = "Europe/Stockholm";

    private OfficeRecords() {
    }

    /** Creates or replaces an office. */
    public record OfficeRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String id,
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 100) String municipality,
            @NotNull OfficeKind kind,
            @Size(max = 64) String timeZone,
            @NotNull @Size(max = 28) List<@NotNull @Valid OpeningPeriodRequest> openingHours,
            @NotNull @Size(max = 20) List<@NotBlank String> agencies,
            Boolean vulnerableArea,
            @Min(0) @Max(60) Integer cleaningBufferMinutes) {

        String zoneOrDefault() {
            return timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone;
        }
    }

    public record OpeningPeriodRequest(@NotNull DayOfWeek day, @NotNull LocalTime opens, @NotNull LocalTime closes) {
    }

    public record OfficeView(String id, String name, String municipality, OfficeKind kind, String timeZone,
            List<OpeningPeriodView> openingHours, List<String> agencies, boolean vulnerableArea,
            int cleaningBufferMinutes) {

        URI location() {
            return URI.create("/api/v1/offices/" + id);
        }

        static OfficeView from(Office o) {
            return new OfficeView(o.id, o.name, o.municipality, o.kind, o.timeZone,
                    o.openingHours.stream()
                            .sorted(Comparator.comparing(OpeningPeriod::day).thenComparing(OpeningPeriod::opens))
                            .map(OpeningPeriodView::from).toList(),
                    o.agencies.stream().sorted().toList(), o.vulnerableArea, o.cleaningBufferMinutes);
        }
    }

    public record OpeningPeriodView(DayOfWeek day, @JsonFormat(pattern = "HH:mm") LocalTime opens,
            @JsonFormat(pattern = "HH:mm") LocalTime closes) {
        static OpeningPeriodView from(OpeningPeriod p) {
            return new OpeningPeriodView(p.day(), p.opens(), p.closes());
        }
    }

    public record ClosureRequest(@NotNull LocalDate date, @NotBlank @Size(max = 500) String reason) {
    }

    public record ClosureView(LocalDate date, String reason) {
        static ClosureView from(Closure c) {
            return new ClosureView(c.date, c.reason);
        }
    }

    public record StopRequest(@NotNull LocalDate date, @NotBlank @Size(max = 200) String place, @NotNull LocalTime opens,
            @NotNull LocalTime closes) {
    }

    public record StopView(UUID id, LocalDate date, String place, @JsonFormat(pattern = "HH:mm") LocalTime opens,
            @JsonFormat(pattern = "HH:mm") LocalTime closes) {
        static StopView from(Stop s) {
            return new StopView(s.id, s.date, s.place, s.opens, s.closes);
        }
    }

    public record RoomRequest(@NotBlank @Size(max = 100) String name, Boolean accessible,
            @Min(1) @Max(50) Integer capacity) {
    }

    public record RoomView(UUID id, String name, RoomStatus status, boolean accessible, int capacity) {
        static RoomView from(Room r) {
            return new RoomView(r.id, r.name, r.status, r.accessible, r.capacity);
        }
    }

    public record RoomStatusRequest(@NotNull RoomStatus status) {
    }
}
