package se.servicekontor.videomote.notifications;

/**
 * Where a message is. The API shows HELD and SENDING as PENDING: HELD waits for a condition (a walk-in's place in
 * line), SENDING is an attempt in progress.
 */
public enum NotificationStatus {
    HELD, PENDING, SENDING, SENT, FAILED, CANCELLED;

    /** The status the API shows. */
    public NotificationStatus shown() {
        return this == HELD || this == SENDING ? PENDING : this;
    }
}
