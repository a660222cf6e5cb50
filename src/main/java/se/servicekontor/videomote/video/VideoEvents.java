package se.servicekontor.videomote.video;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.live.Streams;

/**
 * The live events of video sessions, on the room terminal's and the officer's streams, and the relay streams of the
 * built-in provider: {@code video:<sessionId>:room} and {@code video:<sessionId>:officer} each carry what is sent
 * to that side, whichever instance it is connected to.
 */
final class VideoEvents {

    /** A session is ready to join. */
    static final String READY = "video.ready";
    /** A session has ended. */
    static final String ENDED = "video.ended";
    /** On a relay stream: a message for the side (relayed from its peer, or presence). */
    static final String SIGNAL = "video.signal";
    /** On a relay stream: the session has ended; the side is sent {@code bye} and disconnected. */
    static final String END = "video.end";

    private VideoEvents() {
    }

    /** For the room terminal: which session to join and where to fetch its join. Never a visitor's name. */
    record RoomReady(UUID sessionId, String provider, UUID roomId, Instant openedAt, String joinPath) {
    }

    /** For the officer: the session of the visit handed to them. */
    record OfficerReady(UUID sessionId, UUID visitId, String officeId, UUID roomId, String provider, Instant openedAt,
            String joinPath) {
    }

    record RoomEnded(UUID sessionId, String reason, Instant endedAt) {
    }

    record OfficerEnded(UUID sessionId, UUID visitId, String reason, Instant endedAt) {
    }

    /** Server to client on a relay stream: a {@code bye} with the reason the session ended. */
    record ServerBye(String type, String from, String reason) {
        ServerBye(String reason) {
            this("bye", "server", reason);
        }
    }

    static String inbox(UUID sessionId, Side side) {
        return "video:" + sessionId + ":" + side.wire();
    }

    static String roomJoinPath(UUID roomId) {
        return "/api/v1/rooms/" + roomId + "/video";
    }

    static String visitJoinPath(UUID visitId) {
        return "/api/v1/visits/" + visitId + "/video";
    }

    /** What the room terminal is told of an open session: in {@code video.ready} and in its snapshot. */
    static RoomReady roomReady(VideoSession s) {
        return new RoomReady(s.id(), s.provider().name(), s.roomId(), s.openedAt(), roomJoinPath(s.roomId()));
    }

    /** What the officer is told of an open session: in {@code video.ready} and in their snapshot. */
    static OfficerReady officerReady(VideoSession s) {
        return new OfficerReady(s.id(), s.visitId(), s.officeId(), s.roomId(), s.provider().name(), s.openedAt(),
                visitJoinPath(s.visitId()));
    }

    static List<Event> opened(VideoSession s) {
        return List.of(new Event(Streams.room(s.roomId()), READY, roomReady(s)),
                new Event(Streams.officer(s.officerId()), READY, officerReady(s)));
    }

    static List<Event> ended(VideoSession s, String reason) {
        ServerBye bye = new ServerBye(reason);
        return List.of(
                new Event(Streams.room(s.roomId()), ENDED, new RoomEnded(s.id(), reason, s.endedAt())),
                new Event(Streams.officer(s.officerId()), ENDED, new OfficerEnded(s.id(), s.visitId(), reason,
                        s.endedAt())),
                new Event(inbox(s.id(), Side.ROOM), END, bye),
                new Event(inbox(s.id(), Side.OFFICER), END, bye));
    }
}
