package se.servicekontor.videomote.offices;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.live.Streams;

/** The live events of a room status change, the same whoever changed it (a desk, or a visit). */
public final class RoomEvents {

    public static final String ROOM_STATUS = "room.status";

    private RoomEvents() {
    }

    /** Payload of {@code room.status}: no personal data, so every audience may receive it. */
    public record RoomStatusChanged(UUID roomId, String officeId, String name, RoomStatus status, Instant changedAt) {
    }

    /** Events for the office's desk and for the room's own terminal. */
    public static List<Event> statusChanged(RoomStatusChanged change) {
        return List.of(
                new Event(Streams.desk(change.officeId()), ROOM_STATUS, change),
                new Event(Streams.room(change.roomId()), ROOM_STATUS, change));
    }
}
