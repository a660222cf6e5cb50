-- One change, one row (issue 10).
--
-- Until now every change was copied at write time into each audience's stream: a call wrote eleven live_event rows
-- (the visit for the display, the desk, the officer and the room; the room's status for the desk and the room; the
-- officer's presence; the queue summary for display and desk; the video session for room and officer), a whole queue
-- cycle about 32. Now a transaction writes the events of the office it changes as ONE row of live_entry: every message
-- of the office's desk and display streams, and of the one room and the one officer the change concerns. Each message
-- keeps its own stream and its seq in that stream, taken from the stream's counter row (live_stream) in the same
-- statement as before, so every stream stays gapless and in commit order for its own audience; a reader picks its
-- stream's messages out of the office's rows. Streams that belong to no office change (agency counts, video
-- signaling, an officer's own presence, a second room or officer in one change) stay rows of live_event.
--
-- messages: [{"s": stream, "q": seq, "t": type, "d": data}, ...] in the order the change raised them.
-- <audience>_to: the highest seq of that audience's stream in this row (NULL when the row has no message for it); the
-- readers' index. Unique: two rows never hold the same position of a stream.
CREATE TABLE live_entry (
    office_id      text        NOT NULL,
    at             timestamptz NOT NULL,
    messages       jsonb       NOT NULL CHECK (jsonb_typeof(messages) = 'array'),
    desk_to        bigint,
    display_to     bigint,
    room_stream    text,
    room_to        bigint,
    officer_stream text,
    officer_to     bigint,
    CHECK ((room_stream IS NULL) = (room_to IS NULL)),
    CHECK ((officer_stream IS NULL) = (officer_to IS NULL))
) WITH (toast_tuple_target = 8160); -- a change's messages are a few KiB: kept in the row, not compressed on every write

CREATE UNIQUE INDEX live_entry_desk_idx ON live_entry (office_id, desk_to) WHERE desk_to IS NOT NULL;
CREATE UNIQUE INDEX live_entry_display_idx ON live_entry (office_id, display_to) WHERE display_to IS NOT NULL;
CREATE UNIQUE INDEX live_entry_room_idx ON live_entry (room_stream, room_to) WHERE room_stream IS NOT NULL;
CREATE UNIQUE INDEX live_entry_officer_idx ON live_entry (officer_stream, officer_to) WHERE officer_stream IS NOT NULL;
CREATE INDEX live_entry_at_idx ON live_entry (at);

-- Every message of every stream as one row, wherever it is stored: for people and tests that inspect the log. The
-- service reads through its own indexed queries (live.LiveQueries).
CREATE VIEW live_message AS
    SELECT stream, seq, type, at, data FROM live_event
    UNION ALL
    SELECT m->>'s', (m->>'q')::bigint, m->>'t', e.at, m->'d'
      FROM live_entry e CROSS JOIN LATERAL jsonb_array_elements(e.messages) AS m;
