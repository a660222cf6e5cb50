package se.servicekontor.videomote.live;

/** Who a live stream is for; each has its own WebSocket endpoint and its own allowed content. */
public enum Audience {
    /** Kiosk or waiting-room screen of an office: tickets, rooms, counts. Never a name or personal number. */
    DISPLAY,
    /** The office's front desk: rooms, the queue with names, arrivals, the day's bookings. */
    DESK,
    /** One case officer: waiting counts, the visit handed to the officer, its video session. */
    OFFICER,
    /** The terminal in one visitor room: its status, the ticket called to it, the video session to join. */
    ROOM;

    /** The stream this audience reads for {@code key} (office id, officer id or room id). */
    public String stream(String key) {
        return switch (this) {
            case DISPLAY -> Streams.display(key);
            case DESK -> Streams.desk(key);
            case OFFICER -> Streams.officer(java.util.UUID.fromString(key));
            case ROOM -> Streams.room(java.util.UUID.fromString(key));
        };
    }
}
