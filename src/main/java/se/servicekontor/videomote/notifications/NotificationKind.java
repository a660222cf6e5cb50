package se.servicekontor.videomote.notifications;

/** What a message tells the visitor. */
public enum NotificationKind {
    CONFIRMATION, REMINDER, CANCELLED, RESCHEDULED, TURN_SOON
}
