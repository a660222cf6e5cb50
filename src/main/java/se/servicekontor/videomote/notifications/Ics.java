package se.servicekontor.videomote.notifications;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.UUID;

/**
 * iCalendar (RFC 5545) invitations for booked meetings: METHOD:REQUEST for a new or moved booking, METHOD:CANCEL for
 * a cancelled one. The UID is the booking's, so calendar programs replace the event on an update; SEQUENCE grows with
 * each message about the booking. Start and end are the office's wall-clock times with its TZID, described by a
 * VTIMEZONE built from the zone's current rules (RFC 5545 3.6.5), so the invitation reads "10:00 Europe/Stockholm"
 * and calendar programs in another zone convert it; a time that the zone's clock shows twice (the hour the clocks go
 * back) is written in UTC instead, which names the instant without ambiguity.
 */
final class Ics {

    static final String DOMAIN = "videomote.servicekontor.se";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    /** The year the VTIMEZONE's observances start in: before any meeting, and conventional. */
    private static final int RULES_FROM = 1970;

    private Ics() {
    }

    /** The event's UID: stable for the booking. */
    static String uid(UUID bookingId) {
        return "booking-" + bookingId + "@" + DOMAIN;
    }

    record Event(UUID bookingId, int sequence, boolean cancelled, Instant start, Instant end, ZoneId zone,
            Instant stamp, String summary, String location, String description, String organizerName, String organizerEmail,
            String attendeeName, String attendeeEmail) {
    }

    static String write(Event e) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "PRODID:-//Statens servicekontor//Videomote//SV");
        line(out, "VERSION:2.0");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:" + (e.cancelled() ? "CANCEL" : "REQUEST"));
        boolean local = unambiguous(e.start(), e.zone()) && unambiguous(e.end(), e.zone());
        if (local) {
            timeZone(out, e.zone(), e.start());
        }
        line(out, "BEGIN:VEVENT");
        line(out, "UID:" + uid(e.bookingId()));
        line(out, "SEQUENCE:" + e.sequence());
        line(out, "DTSTAMP:" + UTC.format(e.stamp()));
        line(out, "DTSTART" + dateTime(e.start(), e.zone(), local));
        line(out, "DTEND" + dateTime(e.end(), e.zone(), local));
        line(out, "SUMMARY:" + text(e.summary()));
        line(out, "LOCATION:" + text(e.location()));
        line(out, "DESCRIPTION:" + text(e.description()));
        line(out, "ORGANIZER;CN=" + param(e.organizerName()) + ":mailto:" + e.organizerEmail());
        line(out, "ATTENDEE;CN=" + param(e.attendeeName()) + ";ROLE=REQ-PARTICIPANT;PARTSTAT="
                + (e.cancelled() ? "DECLINED" : "ACCEPTED") + ";RSVP=FALSE:mailto:" + e.attendeeEmail());
        line(out, "STATUS:" + (e.cancelled() ? "CANCELLED" : "CONFIRMED"));
        line(out, "TRANSP:OPAQUE");
        line(out, "END:VEVENT");
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /** The property's parameters and value: {@code ;TZID=zone:local} or {@code :utc}. */
    private static String dateTime(Instant at, ZoneId zone, boolean local) {
        return local ? ";TZID=" + zone.getId() + ":" + LOCAL.format(LocalDateTime.ofInstant(at, zone))
                : ":" + UTC.format(at);
    }

    /** Whether the zone's clock shows the instant's wall-clock time only once. */
    static boolean unambiguous(Instant at, ZoneId zone) {
        return zone.getRules().getValidOffsets(LocalDateTime.ofInstant(at, zone)).size() == 1;
    }

    /**
     * A VTIMEZONE for the zone: one observance per recurring transition rule (daylight saving time), or, for a zone
     * without them, one STANDARD observance with the offset at {@code at}.
     */
    static void timeZone(StringBuilder out, ZoneId zone, Instant at) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffsetTransitionRule> transitions = rules.getTransitionRules();
        line(out, "BEGIN:VTIMEZONE");
        line(out, "TZID:" + zone.getId());
        if (transitions.isEmpty()) {
            ZoneOffset offset = rules.getOffset(at);
            line(out, "BEGIN:STANDARD");
            line(out, "DTSTART:" + RULES_FROM + "0101T000000");
            line(out, "TZOFFSETFROM:" + offset(offset));
            line(out, "TZOFFSETTO:" + offset(offset));
            line(out, "END:STANDARD");
        }
        for (ZoneOffsetTransitionRule rule : transitions) {
            String kind = rule.getOffsetAfter().getTotalSeconds() > rule.getStandardOffset().getTotalSeconds()
                    ? "DAYLIGHT" : "STANDARD";
            line(out, "BEGIN:" + kind);
            line(out, "DTSTART:" + LOCAL.format(rule.createTransition(RULES_FROM).getDateTimeBefore()));
            line(out, "RRULE:FREQ=YEARLY;BYMONTH=" + rule.getMonth().getValue() + ";" + days(rule));
            line(out, "TZOFFSETFROM:" + offset(rule.getOffsetBefore()));
            line(out, "TZOFFSETTO:" + offset(rule.getOffsetAfter()));
            line(out, "END:" + kind);
        }
        line(out, "END:VTIMEZONE");
    }

    /**
     * The RRULE's day part for a rule: "the last Sunday" and "the n-th Sunday" in their usual form, any other "weekday
     * on or after (before) day d" as the weekday among the seven month days it can fall on, a fixed date as itself.
     */
    private static String days(ZoneOffsetTransitionRule rule) {
        int d = rule.getDayOfMonthIndicator();
        if (rule.getDayOfWeek() == null) {
            return "BYMONTHDAY=" + d;
        }
        String weekday = rule.getDayOfWeek().name().substring(0, 2);
        if (d > 0 && rule.getMonth() != Month.FEBRUARY && d == rule.getMonth().maxLength() - 6) {
            return "BYDAY=-1" + weekday;
        }
        if (d > 0 && d <= 22 && (d - 1) % 7 == 0) {
            return "BYDAY=" + ((d - 1) / 7 + 1) + weekday;
        }
        StringBuilder monthDays = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            monthDays.append(i == 0 ? "" : ",").append(d > 0 ? d + i : d - 6 + i);
        }
        return "BYDAY=" + weekday + ";BYMONTHDAY=" + monthDays;
    }

    /** A UTC offset as RFC 5545 writes it: +HHMM, or +HHMMSS where it has seconds. */
    static String offset(ZoneOffset offset) {
        int total = offset.getTotalSeconds();
        int abs = Math.abs(total);
        String hhmm = String.format("%s%02d%02d", total < 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
        return abs % 60 == 0 ? hhmm : hhmm + String.format("%02d", abs % 60);
    }

    /** TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11). */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
                .replace("\n", "\\n").replace("\r", "\\n");
    }

    /** A parameter value, quoted; DQUOTE and control characters cannot appear in one and are dropped. */
    static String param(String value) {
        String clean = value == null ? "" : value.replaceAll("[\"\\p{Cntrl}]", "");
        return "\"" + clean + "\"";
    }

    /** Appends a content line folded at 75 octets (never inside a UTF-8 sequence), ended by CRLF. */
    private static void line(StringBuilder out, String content) {
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < content.length();) {
            int cp = content.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
