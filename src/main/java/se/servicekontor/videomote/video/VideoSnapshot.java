package se.servicekontor.videomote.video;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.live.Audience;
import se.servicekontor.videomote.live.SnapshotPart;

/**
 * The open video session in live snapshots, so a terminal or console that (re)connects joins the session it missed
 * the {@code video.ready} of: for a room terminal its room's session or null, for an officer the list of theirs.
 */
@ApplicationScoped
class VideoSnapshot implements SnapshotPart {

    private final VideoQueries queries;

    VideoSnapshot(VideoQueries queries) {
        this.queries = queries;
    }

    @Override
    public String name() {
        return "video";
    }

    @Override
    public boolean appliesTo(Audience audience) {
        return audience == Audience.ROOM || audience == Audience.OFFICER;
    }

    @Override
    public Uni<Object> read(SqlConnection tx, Audience audience, String key) {
        UUID id = UUID.fromString(key);
        if (audience == Audience.ROOM) {
            return queries.openOfRoom(tx, id).map(s -> s == null ? null : VideoEvents.roomReady(s));
        }
        return queries.openOfOfficer(tx, id).map(sessions -> sessions.stream().map(VideoEvents::officerReady).toList());
    }
}
