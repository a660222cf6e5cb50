-- Video sessions: one per call of a visit to a visitor room and a case officer. A visit that is requeued and called
-- again gets a new session, so a visit has at most one OPEN session, and so has a room. visit_id gets its foreign
-- key to visit when the visits feature is merged.
CREATE TABLE video_session (
    id           uuid PRIMARY KEY,
    visit_id     uuid NOT NULL,
    office_id    text NOT NULL REFERENCES office (id),
    room_id      uuid NOT NULL REFERENCES room (id),
    officer_id   uuid NOT NULL REFERENCES case_officer (id),
    provider     text NOT NULL CHECK (provider IN ('BUILTIN', 'JITSI')),
    -- The HMAC key of this session's join tokens. Erased when the session ends: from then on no token of the
    -- session can be verified, whatever its expiry.
    join_key     bytea CHECK (join_key IS NULL OR length(join_key) = 32),
    opened_at    timestamptz NOT NULL,
    ended_at     timestamptz,
    end_reason   text CHECK (end_reason ~ '^[A-Z][A-Z_]{0,39}$'),
    -- Set once the signaling messages relayed for this session (they hold the peers' IP addresses) are deleted.
    relay_purged boolean NOT NULL DEFAULT false,
    CHECK ((ended_at IS NULL) = (join_key IS NOT NULL)),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE UNIQUE INDEX video_session_open_visit_idx ON video_session (visit_id) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX video_session_open_room_idx ON video_session (room_id) WHERE ended_at IS NULL;
CREATE INDEX video_session_open_officer_idx ON video_session (officer_id) WHERE ended_at IS NULL;
CREATE INDEX video_session_visit_idx ON video_session (visit_id);
CREATE INDEX video_session_unpurged_idx ON video_session (ended_at) WHERE ended_at IS NOT NULL AND NOT relay_purged;

-- Who is connected to a session's signaling relay: at most one connection per side, on any instance. The instance
-- holding the connection renews seen_at; a lease not renewed for videomote.video.peer-timeout (its instance died)
-- may be taken over by a new connection of that side.
CREATE TABLE video_peer (
    session_id uuid NOT NULL REFERENCES video_session (id) ON DELETE CASCADE,
    side       text NOT NULL CHECK (side IN ('ROOM', 'OFFICER')),
    holder     uuid NOT NULL UNIQUE,
    seen_at    timestamptz NOT NULL,
    PRIMARY KEY (session_id, side)
);
