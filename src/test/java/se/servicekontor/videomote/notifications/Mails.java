package se.servicekontor.videomote.notifications;



import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

/** Reading what the GreenMail SMTP server received. */
public final class Mails {

    private Mails() {
    }

    /** The messages received for {@code address}, oldest first. */
    public static List<MimeMessage> to(String address) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : NotificationServers.mail().getReceivedMessages()) {
            try {
                if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().contains(address))) {
                    out.add(m);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Waits until {@code count} messages have arrived for {@code address}; answers them. */
    public static List<MimeMessage> await(String address, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> to(address).size() >= count);
        return to(address);
    }

    public static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain part. */
    public static String text(MimeMessage m) {
        try {
            return find(m, "text/plain");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/calendar attachment, or null. */
    public static String calendar(MimeMessage m) {
        try {
            return find(m, "text/calendar");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String header(MimeMessage m, String name) {
        try {
            String[] values = m.getHeader(name);
            return values == null ? null : values[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String find(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
            return new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                String found = find(body, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** The calendar parsed with ical4j, and its one event. */
    public record Invitation(Calendar calendar, VEvent event) {

        public String method() {
            return calendar.getProperty(Property.METHOD).map(Property::getValue).orElse(null);
        }

        public String uid() {
            return event.getProperty(Property.UID).map(Property::getValue).orElse(null);
        }

        public int sequence() {
            return Integer.parseInt(event.getProperty(Property.SEQUENCE).map(Property::getValue).orElse("-1"));
        }

        public String status() {
            return event.getProperty(Property.STATUS).map(Property::getValue).orElse(null);
        }

        public Instant start() {
            return Instant.from(event.getStartDate().orElseThrow().getDate());
        }

        /** The TZID of DTSTART, or null where the start is in UTC. */
        public String startZone() {
            return event.getStartDate().orElseThrow().<Parameter>getParameter(Parameter.TZID).map(Parameter::getValue)
                    .orElse(null);
        }

        public Instant end() {
            return Instant.from(event.getEndDate().orElseThrow().getDate());
        }
    }

    public static Invitation invitation(MimeMessage m) {
        String ics = calendar(m);
        if (ics == null) {
            throw new AssertionError("No text/calendar part in " + subject(m));
        }
        try {
            Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
            calendar.validate();
            List<VEvent> events = calendar.getComponents(net.fortuna.ical4j.model.Component.VEVENT);
            if (events.size() != 1) {
                throw new AssertionError("Expected one VEVENT, got " + events.size());
            }
            return new Invitation(calendar, events.get(0));
        } catch (Exception e) {
            throw new AssertionError("The .ics does not parse: " + e + "\n" + ics, e);
        }
    }
}
