package se.servicekontor.videomote.notifications;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/** E-mail over SMTP with the Quarkus mailer (non-blocking); a calendar invitation travels as an .ics attachment. */
@ApplicationScoped
class EmailSender {

    /** Each e-mail carries its outbox id, so a receiver (and a test) can tell one message from another. */
    static final String ID_HEADER = "X-Videomote-Notification";

    private final ReactiveMailer mailer;
    private final NotificationConfig config;

    EmailSender(ReactiveMailer mailer, NotificationConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    Uni<Void> send(String id, String to, String subject, String body, String calendar) {
        Mail mail = Mail.withText(to, subject, body)
                .setFrom(config.email().fromName() + " <" + config.email().from() + ">")
                .addHeader(ID_HEADER, id);
        if (calendar != null) {
            String method = calendar.contains("\r\nMETHOD:CANCEL\r\n") ? "CANCEL" : "REQUEST";
            mail.addAttachment(method.equals("CANCEL") ? "cancel.ics" : "invite.ics",
                    calendar.getBytes(StandardCharsets.UTF_8), "text/calendar; charset=UTF-8; method=" + method);
        }
        return mailer.send(mail).ifNoItem().after(config.sendTimeout())
                .failWith(() -> new DeliveryException("SMTP: timeout", false))
                .onFailure(e -> !(e instanceof DeliveryException))
                // The server's text may quote the address: keep only the kind of failure.
                .transform(e -> new DeliveryException("SMTP: " + e.getClass().getSimpleName(), false));
    }
}
