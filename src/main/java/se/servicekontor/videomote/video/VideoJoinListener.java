package se.servicekontor.videomote.video;

import java.util.UUID;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Tx;

/**
 * Told inside the admission transaction of a signaling connection when both sides of a built-in session are
 * connected (on any instance): the visits feature starts the called visit then. It must not wait for locks another
 * transaction may hold while it waits for this session's row (the session row is locked first here).
 */
public interface VideoJoinListener {

    Uni<Void> bothJoined(Tx tx, UUID sessionId, UUID visitId, UUID officerId);
}
