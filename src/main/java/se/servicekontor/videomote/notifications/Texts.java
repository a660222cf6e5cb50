package se.servicekontor.videomote.notifications;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;

/**
 * The texts of e-mails and SMS, from the Qute templates {@code templates/notifications/{sv,en}/{email,sms}.txt}. An
 * e-mail template's first line is the subject.
 */
@ApplicationScoped
class Texts {

    private static final Map<String, DateTimeFormatter> WHEN = Map.of(
            "sv", DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'kl.' HH:mm", Locale.forLanguageTag("sv-SE")),
            "en", DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.UK));

    private final Engine engine;

    Texts(Engine engine) {
        this.engine = engine;
    }

    /** A rendered message: the subject (e-mail only) and the text. */
    record Rendered(String subject, String body) {
    }

    /** What a text may mention. Every key is always present (Qute renders strictly); absent values are null. */
    static Map<String, Object> data(NotificationKind kind) {
        Map<String, Object> data = new HashMap<>();
        for (String key : new String[] { "name", "reference", "manageCode", "when", "office", "agency", "service",
                "ticket", "ahead" }) {
            data.put(key, null);
        }
        data.put("kind", kind.name());
        return data;
    }

    /** A meeting time as the visitor reads it: the office's wall clock, in words of the locale. */
    static String when(Instant at, ZoneId zone, String locale) {
        return WHEN.get(locale).format(at.atZone(zone));
    }

    Rendered render(NotificationChannel channel, String locale, Map<String, Object> data) {
        Template template = engine.getTemplate("notifications/" + locale + "/"
                + (channel == NotificationChannel.EMAIL ? "email" : "sms") + ".txt");
        if (template == null) {
            throw new IllegalStateException("No template for " + channel + " in " + locale);
        }
        String text = template.data(data).render().strip();
        if (channel == NotificationChannel.SMS) {
            return new Rendered(null, text.replaceAll("\\s+", " "));
        }
        int newline = text.indexOf('\n');
        return new Rendered(text.substring(0, newline).strip(), text.substring(newline + 1).strip() + "\n");
    }
}
