package se.servicekontor.videomote.notifications;

import io.smallrye.mutiny.Uni;

/** Sends text messages. Implementations fail with {@link DeliveryException}. */
public interface SmsProvider {

    /** One text message; {@code reference} is unique per message and the same on every attempt. */
    record Sms(String to, String text, String reference) {
    }

    /**
     * Hands one message to the provider, non-blocking. Answers when the provider has accepted it; a provider that
     * sees the same {@code reference} again must not send it again.
     */
    Uni<Void> send(Sms sms);
}
