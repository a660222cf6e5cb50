package se.servicekontor.videomote.notifications;

/** How a message reaches the visitor. */
public enum NotificationChannel {
    EMAIL, SMS
}
