-- The write path (issue 10): no row lock held for longer than a commit.
--
-- The statistics rollups of V7 are kept exact by a trigger in the transaction that changes the visit. Their rows are
-- keyed by office, agency, service and period (the day, month and year rows are shared by every visit of that
-- office and service), so a plain AFTER trigger locked them at the visit's first change and held them through every
-- later statement and round trip of the transaction: concurrent calls, starts and completions of one office queued
-- behind each other for the whole length of a transaction. As deferred constraint triggers they run at COMMIT,
-- with the same OLD and NEW each change had, so the rows are locked only while the transaction commits. Nothing reads
-- the rollups inside a transaction that changes visits; readers see them exact as of every commit, as before.
DROP TRIGGER visit_stats_insert ON visit;
DROP TRIGGER visit_stats_update ON visit;

CREATE CONSTRAINT TRIGGER visit_stats_insert AFTER INSERT ON visit
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION visit_stats_sync();
CREATE CONSTRAINT TRIGGER visit_stats_update
    AFTER UPDATE OF status, agency_code, service_code, queued_at, called_at, started_at, ended_at, interpreter, booking_id
    ON visit
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN ((OLD.status, OLD.agency_code, OLD.service_code, OLD.queued_at, OLD.called_at, OLD.started_at, OLD.ended_at,
           OLD.interpreter, OLD.booking_id IS NULL)
          IS DISTINCT FROM
          (NEW.status, NEW.agency_code, NEW.service_code, NEW.queued_at, NEW.called_at, NEW.started_at, NEW.ended_at,
           NEW.interpreter, NEW.booking_id IS NULL))
    EXECUTE FUNCTION visit_stats_sync();
