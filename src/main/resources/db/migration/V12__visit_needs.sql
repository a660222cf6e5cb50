-- The visitor in front of the desk: walk-ins that need an accessible room, tickets a desk issued outside opening
-- hours, a desk changing a waiting visit's needs, a no-show brought back into line, and the counts behind "waiting
-- visits that nobody on duty can serve".

-- A walk-in that needs an accessible room is only called to one.
ALTER TABLE visit ADD COLUMN accessible boolean NOT NULL DEFAULT false;
-- A desk issued the ticket while the office was closed (a visitor already inside at closing time).
ALTER TABLE visit ADD COLUMN after_hours boolean NOT NULL DEFAULT false;

ALTER TABLE visit_transition DROP CONSTRAINT visit_transition_action_check;
ALTER TABLE visit_transition ADD CONSTRAINT visit_transition_action_check
    CHECK (action IN ('ISSUED', 'CALLED', 'STARTED', 'COMPLETED', 'NO_SHOW', 'REQUEUED', 'TRANSFERRED', 'CANCELLED',
                      'NEEDS_CHANGED'));
-- What a desk changed in a visit's needs: the language and interpreter before the change (agency and service
-- before a change are in from_agency and from_service, as for a transfer).
ALTER TABLE visit_transition ADD COLUMN from_language text;
ALTER TABLE visit_transition ADD COLUMN from_interpreter boolean;

-- Waiting visits per office, agency, service, language ('' for none) and interpreter, kept exact by a trigger like
-- visit_queue_count. Whether anyone on duty can serve a line is asked per row here (a few rows per office), never
-- per waiting visit, so the count of unservable visits stays cheap behind a long line.
CREATE TABLE visit_need_count (
    office_id    text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    agency_code  text NOT NULL REFERENCES agency (code),
    service_code text NOT NULL,
    language     text NOT NULL,
    interpreter  boolean NOT NULL,
    waiting      integer NOT NULL CHECK (waiting >= 0),
    PRIMARY KEY (agency_code, office_id, service_code, language, interpreter)
);

INSERT INTO visit_need_count (office_id, agency_code, service_code, language, interpreter, waiting)
SELECT office_id, agency_code, service_code, coalesce(language, ''), interpreter, count(*) FROM visit
 WHERE status = 'WAITING'
 GROUP BY office_id, agency_code, service_code, coalesce(language, ''), interpreter;

CREATE FUNCTION visit_need_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d record;
BEGIN
    -- Rows are changed in key order, so two changes in opposite directions cannot deadlock.
    FOR d IN
        SELECT c.office_id, c.agency_code, c.service_code, c.language, c.interpreter, sum(c.delta) AS delta
          FROM (SELECT OLD.office_id, OLD.agency_code, OLD.service_code, coalesce(OLD.language, ''), OLD.interpreter, -1
                 WHERE TG_OP = 'UPDATE' AND OLD.status = 'WAITING'
                UNION ALL
                SELECT NEW.office_id, NEW.agency_code, NEW.service_code, coalesce(NEW.language, ''), NEW.interpreter, 1
                 WHERE NEW.status = 'WAITING')
               AS c (office_id, agency_code, service_code, language, interpreter, delta)
         GROUP BY c.office_id, c.agency_code, c.service_code, c.language, c.interpreter
        HAVING sum(c.delta) <> 0
         ORDER BY c.agency_code, c.office_id, c.service_code, c.language, c.interpreter
    LOOP
        IF d.delta > 0 THEN
            INSERT INTO visit_need_count AS q (office_id, agency_code, service_code, language, interpreter, waiting)
            VALUES (d.office_id, d.agency_code, d.service_code, d.language, d.interpreter, d.delta)
            ON CONFLICT (agency_code, office_id, service_code, language, interpreter)
            DO UPDATE SET waiting = q.waiting + EXCLUDED.waiting;
        ELSE
            UPDATE visit_need_count SET waiting = waiting + d.delta
             WHERE office_id = d.office_id AND agency_code = d.agency_code AND service_code = d.service_code
               AND language = d.language AND interpreter = d.interpreter;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER visit_need_count_insert AFTER INSERT ON visit
    FOR EACH ROW WHEN (NEW.status = 'WAITING') EXECUTE FUNCTION visit_need_count_sync();
CREATE TRIGGER visit_need_count_update AFTER UPDATE OF status, agency_code, service_code, language, interpreter ON visit
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.agency_code IS DISTINCT FROM NEW.agency_code
                       OR OLD.service_code IS DISTINCT FROM NEW.service_code
                       OR OLD.language IS DISTINCT FROM NEW.language OR OLD.interpreter IS DISTINCT FROM NEW.interpreter)
    EXECUTE FUNCTION visit_need_count_sync();
