package se.servicekontor.videomote.notifications;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * iCalendar (RFC 5545) invitations for booked meetings: METHOD:REQUEST for a new or moved booking, METHOD:CANCEL for
 * a cancelled one. The UID is the booking's, so calendar programs replace the event on an update; SEQUENCE grows with
 * each message about the booking. Times are in UTC, which every calendar program shows in its own time zone.
 */
final class Ics {

    static final String DOMAIN = "videomote.servicekontor.se";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Ics() {
    }

    /** The event's UID: stable for the booking. */
    static String uid(UUID bookingId) {
        return "booking-" + bookingId + "@" + DOMAIN;
    }

    record Event(UUID bookingId, int sequence, boolean cancelled, Instant start, Instant end, Instant stamp,
            String summary, String location, String description, String organizerName, String organizerEmail,
            String attendeeName, String attendeeEmail) {
    }

    static String write(Event e) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "PRODID:-//Statens servicekontor//Videomote//SV");
        line(out, "VERSION:2.0");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:" + (e.cancelled() ? "CANCEL" : "REQUEST"));
        line(out, "BEGIN:VEVENT");
        line(out, "UID:" + uid(e.bookingId()));
        line(out, "SEQUENCE:" + e.sequence());
        line(out, "DTSTAMP:" + UTC.format(e.stamp()));
        line(out, "DTSTART:" + UTC.format(e.start()));
        line(out, "DTEND:" + UTC.format(e.end()));
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
