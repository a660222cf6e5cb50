package se.servicekontor.videomote.notifications;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** E-mail and SMS to visitors ({@code videomote.notifications.*}). */
@ConfigMapping(prefix = "videomote.notifications")
public interface NotificationConfig {

    /**
     * When reminders go out before a booked meeting, as ISO-8601 periods: a period in days ({@code P1D}) is counted
     * on the office's wall clock (the day before at the same local time, also across a daylight-saving change: 23 or
     * 25 hours); a period with a time part ({@code PT2H}) is exact. A reminder whose time has passed when the
     * booking is made or moved is not sent.
     */
    @WithDefault("P1D,PT2H")
    List<String> reminders();

    /** Attempts per message before it is FAILED for good. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failed attempt; it doubles with each further failure up to {@code max-backoff}. */
    @WithDefault("PT30S")
    Duration initialBackoff();

    /** The longest wait between two attempts. */
    @WithDefault("PT1H")
    Duration maxBackoff();

    /** How often each instance looks for due messages (a scheduler interval, e.g. 5s; off disables sending). */
    @WithDefault("5s")
    String pollEvery();

    /** How many due messages one instance claims at a time. */
    @WithDefault("20")
    int batch();

    /**
     * How long an attempt may take before another instance treats its instance as dead: an SMS is then tried again
     * with the same client reference, an e-mail is FAILED (SMTP has no idempotency key; see NotificationWorker).
     * Must be longer than {@code send-timeout}.
     */
    @WithDefault("PT2M")
    Duration lease();

    /** The longest one call to the mail server or the SMS provider may take. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** A walk-in who left a phone number gets an SMS when at most this many visits are ahead in line. */
    @WithDefault("3")
    int turnSoonAhead();

    /** How often each instance checks the places in line of walk-ins waiting for their SMS ({@code off}: never). */
    @WithDefault("10s")
    String turnSoonEvery();

    /** How often each instance erases the addresses of messages past retention ({@code off}: never). */
    @WithDefault("1h")
    String retentionEvery();

    /** E-mail settings; the SMTP server itself is {@code quarkus.mailer.*}. */
    Email email();

    /** The SMS provider's HTTP API. */
    Sms sms();

    /** E-mail settings. */
    interface Email {

        /** Send e-mail at all (visitors who left an address). */
        @WithDefault("true")
        boolean enabled();

        /** The sender of every e-mail, and the organizer of the calendar invitation. */
        @WithDefault("noreply@servicekontor.se")
        String from();

        /** The sender's display name. */
        @WithDefault("Statens servicekontor")
        String fromName();
    }

    /** The SMS provider: POST {base-url}/messages with a bearer token, JSON {from, to, text, reference}. */
    interface Sms {

        /** The provider's base URL; without it no SMS is written or sent. */
        Optional<URI> baseUrl();

        /** The provider's API token (bearer). */
        Optional<String> token();

        /** The sender name shown on the phone (at most 11 letters and digits). */
        @WithDefault("Servicekont")
        String sender();
    }

    /** The reminder offsets, parsed. */
    default List<ReminderOffset> reminderOffsets() {
        return reminders().stream().map(ReminderOffset::parse).toList();
    }
}
