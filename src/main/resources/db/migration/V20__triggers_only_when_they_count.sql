-- Triggers that fire only when the change can alter what they maintain.
--
-- The waiting counts (visit_queue_count, visit_service_count, visit_need_count) count WAITING visits only, so a change
-- between two other statuses (CALLED -> IN_MEETING -> COMPLETED, the second half of every visit) cannot change them.
-- Their update triggers fired on every status change all the same, and each ran its PL/pgSQL function and its query
-- to find nothing to do: six of the twelve trigger calls of a queue cycle. They now fire only when the visit waits
-- before or after the change; what they do when they fire is unchanged.
DROP TRIGGER visit_queue_count_update ON visit;
CREATE TRIGGER visit_queue_count_update AFTER UPDATE OF status, agency_code ON visit
    FOR EACH ROW WHEN ((OLD.status = 'WAITING' OR NEW.status = 'WAITING')
                       AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.agency_code IS DISTINCT FROM NEW.agency_code))
    EXECUTE FUNCTION visit_queue_count_sync();

DROP TRIGGER visit_service_count_update ON visit;
CREATE TRIGGER visit_service_count_update AFTER UPDATE OF status, agency_code, service_code ON visit
    FOR EACH ROW WHEN ((OLD.status = 'WAITING' OR NEW.status = 'WAITING')
                       AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.agency_code IS DISTINCT FROM NEW.agency_code
                            OR OLD.service_code IS DISTINCT FROM NEW.service_code))
    EXECUTE FUNCTION visit_service_count_sync();

DROP TRIGGER visit_need_count_update ON visit;
CREATE TRIGGER visit_need_count_update AFTER UPDATE OF status, agency_code, service_code, language, interpreter ON visit
    FOR EACH ROW WHEN ((OLD.status = 'WAITING' OR NEW.status = 'WAITING')
                       AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.agency_code IS DISTINCT FROM NEW.agency_code
                            OR OLD.service_code IS DISTINCT FROM NEW.service_code
                            OR OLD.language IS DISTINCT FROM NEW.language
                            OR OLD.interpreter IS DISTINCT FROM NEW.interpreter))
    EXECUTE FUNCTION visit_need_count_sync();

-- Likewise the statistics rollup (V7, deferred since V14): a visit's part depends on its agency, service, arrival,
-- last call, interpreter, whether it was booked, whether it ended COMPLETED, NO_SHOW or CANCELLED, and, once
-- COMPLETED, how long its meeting took (visit_stats_part). Starting a meeting (CALLED -> IN_MEETING, started_at set)
-- changes none of them, yet the trigger fired, computed both parts at COMMIT and found them equal. It now fires when
-- one of them differs; the function still compares the parts and does the same when it runs.
DROP TRIGGER visit_stats_update ON visit;
CREATE CONSTRAINT TRIGGER visit_stats_update
    AFTER UPDATE OF status, agency_code, service_code, queued_at, called_at, started_at, ended_at, interpreter, booking_id
    ON visit
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN ((OLD.agency_code, OLD.service_code, OLD.queued_at, OLD.called_at, OLD.interpreter, OLD.booking_id IS NULL,
           CASE WHEN OLD.status IN ('COMPLETED', 'NO_SHOW', 'CANCELLED') THEN OLD.status END,
           CASE WHEN OLD.status = 'COMPLETED' THEN OLD.ended_at - OLD.started_at END)
          IS DISTINCT FROM
          (NEW.agency_code, NEW.service_code, NEW.queued_at, NEW.called_at, NEW.interpreter, NEW.booking_id IS NULL,
           CASE WHEN NEW.status IN ('COMPLETED', 'NO_SHOW', 'CANCELLED') THEN NEW.status END,
           CASE WHEN NEW.status = 'COMPLETED' THEN NEW.ended_at - NEW.started_at END))
    EXECUTE FUNCTION visit_stats_sync();
