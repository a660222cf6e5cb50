-- Visits and the walk-in queue: tickets, the queue officers call from, and the history of every visit.
-- The invariants (a ticket number handed out once, one visit per officer and per room at a time) live here.

-- When a room's cleaning buffer runs out; a sweep makes the room AVAILABLE again. NULL when no deadline applies
-- (a desk set CLEANING by hand, or the room is in another status).
ALTER TABLE room ADD COLUMN cleaning_until timestamptz;
ALTER TABLE room ADD CONSTRAINT room_cleaning_until_only_when_cleaning
    CHECK (cleaning_until IS NULL OR status = 'CLEANING');
-- The rooms a visit can be called to right now, longest idle first.
CREATE INDEX room_available_idx ON room (office_id, status_changed_at) WHERE status = 'AVAILABLE';
CREATE INDEX room_cleaning_due_idx ON room (cleaning_until) WHERE status = 'CLEANING' AND cleaning_until IS NOT NULL;

-- Ticket numbers: one counter row per office, agency and office-local day. The upsert's row lock hands out
-- every number exactly once, also when many desks and kiosks issue tickets at the same moment.
CREATE TABLE ticket_counter (
    office_id   text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    agency_code text NOT NULL REFERENCES agency (code),
    day         date NOT NULL,
    last_number integer NOT NULL CHECK (last_number >= 1),
    PRIMARY KEY (office_id, agency_code, day)
);

CREATE TABLE visit (
    id                uuid PRIMARY KEY,
    office_id         text NOT NULL REFERENCES office (id),
    agency_code       text NOT NULL REFERENCES agency (code),
    -- No foreign key to agency_service: finished visits keep the code of a service the agency later retires.
    service_code      text NOT NULL CHECK (length(service_code) <= 64),
    -- The ticket as issued ("M042"); it stays the same when the visit is transferred to another agency.
    ticket            text NOT NULL,
    ticket_agency     text NOT NULL,
    ticket_day        date NOT NULL,
    ticket_number     integer NOT NULL CHECK (ticket_number >= 1),
    language          text CHECK (language ~ '^[a-z]{2,3}$'),
    interpreter       boolean NOT NULL DEFAULT false,
    priority          text NOT NULL DEFAULT 'NORMAL' CHECK (priority IN ('NORMAL', 'PRIORITY')),
    visitor_name      text CHECK (length(visitor_name) BETWEEN 1 AND 200),
    status            text NOT NULL
                      CHECK (status IN ('WAITING', 'CALLED', 'IN_MEETING', 'COMPLETED', 'NO_SHOW', 'CANCELLED')),
    -- Arrival: the place in line. Never changes, so requeue and transfer keep the place.
    queued_at         timestamptz NOT NULL,
    -- The order officers are served in: queued_at, moved earlier by the priority lead for PRIORITY visits.
    rank_at           timestamptz NOT NULL,
    -- Who serves or served it, and in which room. Cleared when it goes back to WAITING (the history keeps them).
    officer_id        uuid REFERENCES case_officer (id),
    room_id           uuid REFERENCES room (id),
    called_at         timestamptz,
    started_at        timestamptz,
    ended_at          timestamptz,
    -- A visit created by a booking's check-in. The lead adds the foreign key to booking when both are merged.
    booking_id        uuid,
    booked_officer_id uuid REFERENCES case_officer (id),
    booked_room_id    uuid REFERENCES room (id),
    booked_start      timestamptz,
    booked_end        timestamptz,
    -- While [held_from, held_until) covers now, the visit is first in line for held_for_officer and nobody else's.
    held_for_officer  uuid REFERENCES case_officer (id),
    held_from         timestamptz,
    held_until        timestamptz,
    created_by        text NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CONSTRAINT visit_ticket_once UNIQUE (office_id, ticket_agency, ticket_day, ticket_number),
    CONSTRAINT visit_waiting_unassigned CHECK (status <> 'WAITING' OR (officer_id IS NULL AND room_id IS NULL)),
    CONSTRAINT visit_active_assigned CHECK (status NOT IN ('CALLED', 'IN_MEETING')
        OR (officer_id IS NOT NULL AND room_id IS NOT NULL AND called_at IS NOT NULL)),
    CONSTRAINT visit_meeting_started CHECK (status <> 'IN_MEETING' OR started_at IS NOT NULL),
    CONSTRAINT visit_hold_complete CHECK ((held_for_officer IS NULL) = (held_from IS NULL)
        AND (held_from IS NULL) = (held_until IS NULL)),
    CONSTRAINT visit_interpreter_needs_language CHECK (NOT interpreter OR language IS NOT NULL)
);

-- An officer holds at most one called or in-meeting visit; a room is held by at most one visit.
CREATE UNIQUE INDEX visit_one_active_per_officer ON visit (officer_id) WHERE status IN ('CALLED', 'IN_MEETING');
CREATE UNIQUE INDEX visit_one_active_per_room ON visit (room_id) WHERE status IN ('CALLED', 'IN_MEETING');
-- A booking is checked in once.
CREATE UNIQUE INDEX visit_booking_once ON visit (booking_id) WHERE booking_id IS NOT NULL;
-- The line at one office for one agency, in serving order: "next" reads it from the head and stops at the first
-- eligible visit, positions count along it. Only WAITING rows are in it, so finished visits cost nothing.
CREATE INDEX visit_waiting_idx ON visit (office_id, agency_code, rank_at, id) WHERE status = 'WAITING';
-- Checked-in booked visits waiting for their officer.
CREATE INDEX visit_held_idx ON visit (held_for_officer, held_from) WHERE status = 'WAITING' AND held_for_officer IS NOT NULL;
-- Called and in-meeting visits of an office (the queue screen).
CREATE INDEX visit_active_office_idx ON visit (office_id, called_at) WHERE status IN ('CALLED', 'IN_MEETING');
-- Recent service times of an office and agency (estimated waits).
CREATE INDEX visit_completed_idx ON visit (office_id, agency_code, ended_at) WHERE status = 'COMPLETED';

-- How many visits wait per office and agency, kept exact by a trigger. "next" finds the offices worth looking at
-- here instead of in the visits, and queue summaries never count a long line.
CREATE TABLE visit_queue_count (
    office_id   text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    agency_code text NOT NULL REFERENCES agency (code),
    waiting     integer NOT NULL CHECK (waiting >= 0),
    PRIMARY KEY (office_id, agency_code)
);
CREATE INDEX visit_queue_count_agency_idx ON visit_queue_count (agency_code);

CREATE FUNCTION visit_queue_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d record;
BEGIN
    -- Rows are changed in key order, so two transfers in opposite directions cannot deadlock.
    FOR d IN
        SELECT c.office_id, c.agency_code, sum(c.delta) AS delta
          FROM (SELECT OLD.office_id, OLD.agency_code, -1 WHERE TG_OP = 'UPDATE' AND OLD.status = 'WAITING'
                UNION ALL
                SELECT NEW.office_id, NEW.agency_code, 1 WHERE NEW.status = 'WAITING') AS c (office_id, agency_code, delta)
         GROUP BY c.office_id, c.agency_code
        HAVING sum(c.delta) <> 0
         ORDER BY c.office_id, c.agency_code
    LOOP
        IF d.delta > 0 THEN
            INSERT INTO visit_queue_count AS q (office_id, agency_code, waiting)
            VALUES (d.office_id, d.agency_code, d.delta)
            ON CONFLICT (office_id, agency_code) DO UPDATE SET waiting = q.waiting + EXCLUDED.waiting;
        ELSE
            -- A visit leaving a line was counted when it joined, so the row exists.
            UPDATE visit_queue_count SET waiting = waiting + d.delta
             WHERE office_id = d.office_id AND agency_code = d.agency_code;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER visit_queue_count_insert AFTER INSERT ON visit
    FOR EACH ROW WHEN (NEW.status = 'WAITING') EXECUTE FUNCTION visit_queue_count_sync();
CREATE TRIGGER visit_queue_count_update AFTER UPDATE OF status, agency_code ON visit
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.agency_code IS DISTINCT FROM NEW.agency_code)
    EXECUTE FUNCTION visit_queue_count_sync();

-- Everything that happened to a visit, written in the transaction that made it happen: for statistics.
CREATE TABLE visit_transition (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id     uuid NOT NULL REFERENCES visit (id),
    at           timestamptz NOT NULL,
    action       text NOT NULL CHECK (action IN ('ISSUED', 'CALLED', 'STARTED', 'COMPLETED', 'NO_SHOW', 'REQUEUED',
                                                 'TRANSFERRED', 'CANCELLED')),
    from_status  text,
    to_status    text NOT NULL,
    office_id    text NOT NULL,
    agency_code  text NOT NULL,
    service_code text NOT NULL,
    -- The agency and service before a transfer.
    from_agency  text,
    from_service text,
    officer_id   uuid,
    room_id      uuid,
    -- Who did it: a token subject or office key, never a person's name.
    actor        text NOT NULL,
    actor_role   text NOT NULL
);
CREATE INDEX visit_transition_visit_idx ON visit_transition (visit_id, id);
CREATE INDEX visit_transition_office_at_idx ON visit_transition (office_id, at);
