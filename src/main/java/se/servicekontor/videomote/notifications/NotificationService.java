package se.servicekontor.videomote.notifications;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Tx;
import se.servicekontor.videomote.notifications.NotificationQueries.BookingFacts;
import se.servicekontor.videomote.notifications.NotificationQueries.NewMessage;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

/**
 * The outbox: the messages a change to a booking or a walk-in causes are written in the transaction of that change,
 * so a message exists if and only if its change committed. {@link NotificationWorker} delivers them.
 */
@ApplicationScoped
public class NotificationService {

    private final NotificationQueries queries;
    private final NotificationConfig config;
    private final Texts texts;
    private final Db db;
    private final Clock clock;
    private final List<ReminderOffset> reminders;

    public NotificationService(NotificationQueries queries, NotificationConfig config, Texts texts, Db db, Clock clock) {
        this.queries = queries;
        this.config = config;
        this.texts = texts;
        this.db = db;
        this.clock = clock;
        this.reminders = config.reminderOffsets();
    }

    /** One message as {@code GET /api/v1/notifications} shows it: never its text or address. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NotificationView(UUID id, NotificationChannel channel, NotificationKind kind,
            NotificationStatus status, int attempts, OffsetDateTime sentAt, OffsetDateTime createdAt) {
    }

    // --- written in the transaction of the change -------------------------------------------------------------

    /**
     * A booking was made: a confirmation by e-mail (with a calendar invitation) and SMS, to whichever the visitor
     * left, and the reminders. {@code manageCode} (self-booking only, else null) goes into the confirmation only;
     * the text is dropped once the message is sent. {@code phone} and {@code email} are the visitor's as written
     * with the booking: when neither would be used, nothing is read or written (a statement and a round trip less
     * in the transaction of a booking without contact details). A new booking has had no invitation yet, so its
     * first one is SEQUENCE 0 without asking the outbox.
     */
    public Uni<Void> booked(Tx tx, UUID bookingId, String phone, String email, String manageCode) {
        if (!hasContact(phone, email)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return queries.booking(tx.connection(), bookingId).chain(b -> {
            if (b == null) {
                return Uni.createFrom().voidItem();
            }
            List<NewMessage> out = new ArrayList<>();
            bookingMessages(out, b, NotificationKind.CONFIRMATION, manageCode, 0, now);
            reminders(out, b, now);
            return queries.insert(tx.connection(), out, now).invoke(() -> logWritten(b.id(), out));
        });
    }

    /** A booking moved: its reminders and any unsent earlier move notice are replaced, the visitor is told. */
    public Uni<Void> rescheduled(Tx tx, UUID bookingId) {
        Instant now = clock.instant();
        return queries.cancelPending(tx.connection(), bookingId,
                List.of(NotificationKind.REMINDER, NotificationKind.RESCHEDULED), now)
                .chain(() -> queries.booking(tx.connection(), bookingId)).chain(b -> {
                    if (b == null || !hasContact(b)) {
                        return Uni.createFrom().voidItem();
                    }
                    return sequence(tx.connection(), b).chain(seq -> {
                        List<NewMessage> out = new ArrayList<>();
                        bookingMessages(out, b, NotificationKind.RESCHEDULED, null, seq, now);
                        reminders(out, b, now);
                        return queries.insert(tx.connection(), out, now).invoke(() -> logWritten(b.id(), out));
                    });
                });
    }

    /** A booking was cancelled: no reminder goes out any more, the visitor is told (the invitation is withdrawn). */
    public Uni<Void> cancelled(Tx tx, UUID bookingId) {
        Instant now = clock.instant();
        return queries.cancelPending(tx.connection(), bookingId,
                List.of(NotificationKind.REMINDER, NotificationKind.RESCHEDULED), now)
                .chain(() -> queries.booking(tx.connection(), bookingId)).chain(b -> {
                    if (b == null || !hasContact(b)) {
                        return Uni.createFrom().voidItem();
                    }
                    return sequence(tx.connection(), b).chain(seq -> {
                        List<NewMessage> out = new ArrayList<>();
                        bookingMessages(out, b, NotificationKind.CANCELLED, null, seq, now);
                        return queries.insert(tx.connection(), out, now).invoke(() -> logWritten(b.id(), out));
                    });
                });
    }

    /**
     * A walk-in left a phone number: a "your turn soon" SMS, held until at most {@code turn-soon-ahead} visits are
     * ahead of it (see {@link NotificationWorker}). Nothing when no SMS provider is configured.
     */
    public Uni<Void> walkIn(Tx tx, UUID visitId, String phone, String language) {
        if (phone == null || config.sms().baseUrl().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        String locale = "en".equals(language) ? "en" : "sv";
        return queries.visit(tx.connection(), visitId).chain(v -> {
            if (v == null) {
                return Uni.createFrom().voidItem();
            }
            Map<String, Object> data = Texts.data(NotificationKind.TURN_SOON);
            data.put("ticket", v.ticket());
            data.put("office", v.officeName());
            data.put("agency", v.agencyName());
            data.put("ahead", config.turnSoonAhead());
            Texts.Rendered text = texts.render(NotificationChannel.SMS, locale, data);
            NewMessage m = new NewMessage(UUID.randomUUID(), null, visitId, NotificationChannel.SMS,
                    NotificationKind.TURN_SOON, NotificationStatus.HELD, now, locale, phone, null, text.body(), null,
                    null);
            return queries.insert(tx.connection(), List.of(m), now)
                    .invoke(() -> Log.debugf("Visit %s: TURN_SOON SMS held until its turn is near", visitId));
        });
    }

    // --- reading ------------------------------------------------------------------------------------------------

    /**
     * The messages of a booking or a visit, for an admin or the desk of its office (404 for anyone else, and for an
     * unknown id): kind, channel, status, attempts and when it was sent, never the text or the address.
     */
    public Uni<List<NotificationView>> list(Caller caller, UUID bookingId, UUID visitId) {
        return db.withConnection(c -> queries.officeOf(c, bookingId, visitId).chain(office -> {
            boolean may = office != null
                    && (caller.isAdmin() || (caller.has(Roles.DESK) && office.equals(caller.office())));
            if (!may) {
                throw bookingId != null ? ApiException.notFound("Booking", bookingId)
                        : ApiException.notFound("Visit", visitId);
            }
            return queries.list(c, bookingId, visitId);
        })).map(rows -> rows.stream().map(r -> new NotificationView(r.id(), r.channel(), r.kind(), r.status().shown(),
                r.attempts(), at(r.sentAt()), at(r.createdAt()))).toList());
    }

    // --- building messages --------------------------------------------------------------------------------------

    private boolean hasContact(BookingFacts b) {
        return hasContact(b.phone(), b.email());
    }

    private boolean hasContact(String phone, String email) {
        return (email != null && config.email().enabled()) || (phone != null && config.sms().baseUrl().isPresent());
    }

    /** The next SEQUENCE of the booking's calendar invitation (the booking row is locked by the change). */
    private Uni<Integer> sequence(SqlConnection c, BookingFacts b) {
        return b.email() != null && config.email().enabled() ? queries.nextSequence(c, b.id())
                : Uni.createFrom().item(0);
    }

    private void bookingMessages(List<NewMessage> out, BookingFacts b, NotificationKind kind, String manageCode,
            int sequence, Instant now) {
        ZoneId zone = ZoneId.of(b.timeZone());
        Map<String, Object> data = bookingData(b, kind, manageCode);
        if (b.email() != null && config.email().enabled()) {
            Texts.Rendered text = texts.render(NotificationChannel.EMAIL, b.locale(), data);
            String calendar = Ics.write(new Ics.Event(b.id(), sequence, kind == NotificationKind.CANCELLED, b.start(),
                    b.end(), zone, now, text.subject(), b.officeName(), b.agencyName() + ", " + b.serviceName() + ". "
                            + Texts.when(b.start(), zone, b.locale()) + ". " + b.reference(),
                    config.email().fromName(), config.email().from(), b.visitorName(), b.email()));
            out.add(new NewMessage(UUID.randomUUID(), b.id(), null, NotificationChannel.EMAIL, kind,
                    NotificationStatus.PENDING, now, b.locale(), b.email(), text.subject(), text.body(), calendar,
                    sequence));
        }
        if (b.phone() != null && config.sms().baseUrl().isPresent()) {
            Texts.Rendered text = texts.render(NotificationChannel.SMS, b.locale(), data);
            out.add(new NewMessage(UUID.randomUUID(), b.id(), null, NotificationChannel.SMS, kind,
                    NotificationStatus.PENDING, now, b.locale(), b.phone(), null, text.body(), null, null));
        }
    }

    /** A reminder per configured offset whose time is still ahead, on each channel the visitor left. */
    private void reminders(List<NewMessage> out, BookingFacts b, Instant now) {
        ZoneId zone = ZoneId.of(b.timeZone());
        Map<String, Object> data = bookingData(b, NotificationKind.REMINDER, null);
        for (ReminderOffset offset : reminders) {
            Instant due = offset.before(b.start(), zone);
            if (!due.isAfter(now) || !due.isBefore(b.start())) {
                continue;
            }
            if (b.email() != null && config.email().enabled()) {
                Texts.Rendered text = texts.render(NotificationChannel.EMAIL, b.locale(), data);
                out.add(new NewMessage(UUID.randomUUID(), b.id(), null, NotificationChannel.EMAIL,
                        NotificationKind.REMINDER, NotificationStatus.PENDING, due, b.locale(), b.email(),
                        text.subject(), text.body(), null, null));
            }
            if (b.phone() != null && config.sms().baseUrl().isPresent()) {
                Texts.Rendered text = texts.render(NotificationChannel.SMS, b.locale(), data);
                out.add(new NewMessage(UUID.randomUUID(), b.id(), null, NotificationChannel.SMS,
                        NotificationKind.REMINDER, NotificationStatus.PENDING, due, b.locale(), b.phone(), null,
                        text.body(), null, null));
            }
        }
    }

    private static Map<String, Object> bookingData(BookingFacts b, NotificationKind kind, String manageCode) {
        Map<String, Object> data = Texts.data(kind);
        data.put("name", b.visitorName());
        data.put("reference", b.reference());
        data.put("manageCode", manageCode);
        data.put("when", Texts.when(b.start(), ZoneId.of(b.timeZone()), b.locale()));
        data.put("office", b.officeName());
        data.put("agency", b.agencyName());
        data.put("service", b.serviceName());
        return data;
    }

    private static void logWritten(UUID bookingId, List<NewMessage> out) {
        Log.debugf("Booking %s: %d notifications written (%s)", bookingId, out.size(),
                out.stream().map(m -> m.kind() + "/" + m.channel()).toList());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
