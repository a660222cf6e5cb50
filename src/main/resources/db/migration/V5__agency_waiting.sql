-- Waiting counts per office, agency and service, kept exact by a trigger like visit_queue_count. An officer's live
-- stream shows how many wait nationally for the officer's agency and each of its services; summing these rows is
-- cheap, and every row belongs to one office, so no row is shared by every office of an agency.

CREATE TABLE visit_service_count (
    office_id    text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    agency_code  text NOT NULL REFERENCES agency (code),
    service_code text NOT NULL,
    waiting      integer NOT NULL CHECK (waiting >= 0),
    PRIMARY KEY (agency_code, service_code, office_id)
);

INSERT INTO visit_service_count (office_id, agency_code, service_code, waiting)
SELECT office_id, agency_code, service_code, count(*) FROM visit WHERE status = 'WAITING'
GROUP BY office_id, agency_code, service_code;

CREATE FUNCTION visit_service_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d record;
BEGIN
    -- Rows are changed in key order, so two transfers in opposite directions cannot deadlock.
    FOR d IN
        SELECT c.office_id, c.agency_code, c.service_code, sum(c.delta) AS delta
          FROM (SELECT OLD.office_id, OLD.agency_code, OLD.service_code, -1 WHERE TG_OP = 'UPDATE' AND OLD.status = 'WAITING'
                UNION ALL
                SELECT NEW.office_id, NEW.agency_code, NEW.service_code, 1 WHERE NEW.status = 'WAITING')
               AS c (office_id, agency_code, service_code, delta)
         GROUP BY c.office_id, c.agency_code, c.service_code
        HAVING sum(c.delta) <> 0
         ORDER BY c.agency_code, c.service_code, c.office_id
    LOOP
        IF d.delta > 0 THEN
            INSERT INTO visit_service_count AS q (office_id, agency_code, service_code, waiting)
            VALUES (d.office_id, d.agency_code, d.service_code, d.delta)
            ON CONFLICT (agency_code, service_code, office_id) DO UPDATE SET waiting = q.waiting + EXCLUDED.waiting;
        ELSE
            UPDATE visit_service_count SET waiting = waiting + d.delta
             WHERE office_id = d.office_id AND agency_code = d.agency_code AND service_code = d.service_code;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER visit_service_count_insert AFTER INSERT ON visit
    FOR EACH ROW WHEN (NEW.status = 'WAITING') EXECUTE FUNCTION visit_service_count_sync();
CREATE TRIGGER visit_service_count_update AFTER UPDATE OF status, agency_code, service_code ON visit
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.agency_code IS DISTINCT FROM NEW.agency_code
                       OR OLD.service_code IS DISTINCT FROM NEW.service_code)
    EXECUTE FUNCTION visit_service_count_sync();
