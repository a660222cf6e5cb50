package se.servicekontor.videomote.common;

/**
 * One live event raised by a change: the stream it is for (see {@code live.Streams}), its type (e.g.
 * {@code room.status}) and its JSON-serialisable data. Raised on a {@link Tx}; visible to clients only after commit.
 */
public record Event(String stream, String type, Object data) {
}
