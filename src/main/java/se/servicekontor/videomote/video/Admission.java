package se.servicekontor.videomote.video;

import java.util.UUID;

import io.quarkus.websockets.next.UserData;

/**
 * What the upgrade check established for one signaling connection: its session and side, the connection's id as
 * holder of that side ({@code you} on the wire), the position of its relay stream from which it receives, and the
 * other side's connection, if one was there.
 */
record Admission(UUID sessionId, Side side, UUID holder, long inboxHead, UUID peer) {

    static final UserData.TypedKey<Admission> KEY = new UserData.TypedKey<>("videomote.video.admission");
}
