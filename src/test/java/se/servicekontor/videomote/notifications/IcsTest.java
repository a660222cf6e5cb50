package se.servicekontor.videomote.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.RRule;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The invitation as a calendar program reads it: parsed and validated by ical4j, with the office's wall-clock time and
 * TZID, and a VTIMEZONE whose rules give the same UTC offset as Java's tz database for any future instant, in zones
 * with and without daylight saving time, north and south, with half-hour and UTC-defined transitions.
 */
class IcsTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private static Ics.Event event(Instant start, ZoneId zone) {
        return new Ics.Event(UUID.randomUUID(), 0, false, start, start.plus(30, ChronoUnit.MINUTES), zone,
                Instant.parse("2026-12-05T10:00:00Z"), "Videomöte, Skatteverket", "Servicekontor Norrköping",
                "Deklaration; frågor, svar", "Statens servicecenter", "noreply@example.org", "Anna Andersson",
                "anna@example.org");
    }

    private static Calendar parse(String ics) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        calendar.validate();
        return calendar;
    }

    private static VEvent onlyEvent(Calendar calendar) {
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Example
    void aMeetingIsWrittenInTheOfficesWallClockTimeWithItsZone() throws Exception {
        // 29 March 2027 is the Monday after the clocks went forward: 10:00 in Stockholm is 08:00 UTC.
        Instant start = ZonedDateTime.of(2027, 3, 29, 10, 0, 0, 0, STOCKHOLM).toInstant();
        String ics = Ics.write(event(start, STOCKHOLM));

        assertThat(ics).contains("DTSTART;TZID=Europe/Stockholm:20270329T100000\r\n")
                .contains("DTEND;TZID=Europe/Stockholm:20270329T103000\r\n")
                .contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n")
                .contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n");
        VEvent event = onlyEvent(parse(ics));
        DtStart<Temporal> dtStart = event.<Temporal>getStartDate().orElseThrow();
        assertThat(dtStart.<Parameter>getParameter(Parameter.TZID).map(Parameter::getValue))
                .hasValue("Europe/Stockholm");
        assertThat(Instant.from(dtStart.getDate())).isEqualTo(start);
        assertThat(Instant.from(event.getEndDate().orElseThrow().getDate())).isEqualTo(start.plus(30, ChronoUnit.MINUTES));
    }

    @Example
    void aTimeTheClockShowsTwiceIsWrittenInUtc() throws Exception {
        // 31 October 2027, 02:30 in Stockholm happens twice; the second one is 01:30 UTC.
        Instant second = Instant.parse("2027-10-31T01:30:00Z");
        assertThat(LocalDateTime.ofInstant(second, STOCKHOLM)).isEqualTo(LocalDateTime.parse("2027-10-31T02:30"));
        String ics = Ics.write(event(second, STOCKHOLM));

        assertThat(ics).contains("DTSTART:20271031T013000Z\r\n").doesNotContain("BEGIN:VTIMEZONE");
        assertThat(Instant.from(onlyEvent(parse(ics)).getStartDate().orElseThrow().getDate())).isEqualTo(second);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of("Europe/Stockholm", "Europe/London", "Europe/Helsinki", "America/New_York",
                "America/Santiago", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland", "Asia/Tokyo",
                "America/Sao_Paulo", "Asia/Kolkata", "UTC").map(ZoneId::of);
    }

    /** Any instant from 2027 to 2046, where every zone above follows its current rules. */
    @net.jqwik.api.Property(tries = 400)
    void theTimeZoneRulesGiveJavasOffsetAtAnyFutureInstant(@ForAll("zones") ZoneId zone,
            @ForAll @LongRange(min = 1_798_761_600L, max = 2_429_913_600L) long epochSecond) throws Exception {
        Instant at = Instant.ofEpochSecond(epochSecond);
        Calendar calendar = parse(Ics.write(event(Instant.parse("2027-06-15T08:00:00Z"), zone)));
        List<VTimeZone> zones = calendar.getComponents(Component.VTIMEZONE);
        assertThat(zones).hasSize(1);
        assertThat(zones.get(0).<Property>getProperty(Property.TZID).map(Property::getValue)).hasValue(zone.getId());

        assertThat(offsetByRules(zones.get(0), at))
                .as("offset of %s at %s", zone, at)
                .isEqualTo(zone.getRules().getOffset(at));
    }

    /** Santiago changes its clocks at local midnight; the Saturday evening before still has summer time. */
    @Example
    void theInvitationKeepsSantiagosSummerTimeUntilItsMidnightChange() throws Exception {
        ZoneId santiago = ZoneId.of("America/Santiago");
        Calendar calendar = parse(Ics.write(event(Instant.parse("2027-06-15T08:00:00Z"), santiago)));
        VTimeZone invitation = calendar.<VTimeZone>getComponents(Component.VTIMEZONE).get(0);
        for (String at : List.of("2032-04-03T20:00:00Z", "2032-04-04T02:59:59Z", "2032-04-04T03:00:00Z",
                "2028-04-02T02:59:59Z", "2028-04-02T03:00:00Z", "2028-09-03T03:59:59Z", "2028-09-03T04:00:00Z")) {
            Instant instant = Instant.parse(at);
            assertThat(offsetByRules(invitation, instant)).as("offset at %s", at)
                    .isEqualTo(santiago.getRules().getOffset(instant));
        }
    }

    /**
     * The offset a VTIMEZONE gives at {@code at} by RFC 5545's rules: that of the observance with the latest onset
     * (its DTSTART or an RRULE occurrence, a local time at its TZOFFSETFROM) at or before the instant; before every
     * onset, the TZOFFSETFROM of the earliest. ical4j expands the RRULEs. Its own {@code TimeZone.getOffset} is not the
     * oracle: it moved to the new offset up to a day early when a change falls at local midnight (America/Santiago,
     * the Saturday before its April change).
     */
    private static ZoneOffset offsetByRules(VTimeZone zone, Instant at) {
        LocalDateTime until = LocalDateTime.ofInstant(at, ZoneOffset.UTC).plusDays(2);
        Instant latest = null;
        ZoneOffset latestTo = null;
        Instant earliest = null;
        ZoneOffset earliestFrom = null;
        for (Observance observance : zone.getObservances()) {
            LocalDateTime start = observance.getStartDate().orElseThrow().getDate();
            ZoneOffset from = observance.getTimeZoneOffsetFrom().orElseThrow().getOffset();
            ZoneOffset to = observance.getTimeZoneOffsetTo().orElseThrow().getOffset();
            List<LocalDateTime> onsets = new ArrayList<>(List.of(start));
            Optional<RRule<LocalDateTime>> rule = observance.getProperty(Property.RRULE);
            rule.ifPresent(r -> onsets.addAll(r.getRecur().getDates(start, start, until)));
            for (LocalDateTime local : onsets) {
                Instant onset = local.toInstant(from);
                if (!onset.isAfter(at) && (latest == null || onset.isAfter(latest))) {
                    latest = onset;
                    latestTo = to;
                }
                if (earliest == null || onset.isBefore(earliest)) {
                    earliest = onset;
                    earliestFrom = from;
                }
            }
        }
        return latest != null ? latestTo : earliestFrom;
    }
}
