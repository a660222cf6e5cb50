package se.servicekontor.videomote.notifications;

/**
 * A provider did not take a message. {@code permanent}: trying again cannot help (e.g. the provider rejected the
 * number). The message is a category for the outbox's {@code last_error}, never an address or a text.
 */
public class DeliveryException extends RuntimeException {

    private final boolean permanent;

    public DeliveryException(String reason, boolean permanent) {
        super(reason, null, false, false);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
