-- The officer's day load (V15) kept more cheaply for a new booking (issue 10).
--
-- Every booking's COMMIT ran officer_day_load_sync, whose general query (the old and the new row's officer-days,
-- summed, in key order) serves moves and status changes; for an insert it only ever finds the new row's officer-day.
-- perf of the booking benchmark put that deferred trigger at 6.4% of PostgreSQL's CPU. An insert now has its own
-- trigger and function: one upsert, fired only when the new booking is in a status V15 counts (4.5% then,
-- bench/README). Deletes and updates keep the general function, unchanged. Still deferred, so the officer's row is
-- locked only while the transaction commits.
CREATE FUNCTION officer_day_load_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO officer_day_load AS l (officer_id, day, bookings)
    SELECT NEW.officer_id, (NEW.starts_at AT TIME ZONE o.time_zone)::date, 1
      FROM office o
     WHERE o.id = NEW.office_id
    ON CONFLICT (officer_id, day) DO UPDATE SET bookings = l.bookings + 1;
    RETURN NULL;
END
$$;

DROP TRIGGER officer_day_load_change ON booking;

CREATE CONSTRAINT TRIGGER officer_day_load_insert
    AFTER INSERT ON booking
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.status IN ('BOOKED', 'CHECKED_IN', 'COMPLETED'))
    EXECUTE FUNCTION officer_day_load_insert();

CREATE CONSTRAINT TRIGGER officer_day_load_change
    AFTER DELETE OR UPDATE OF officer_id, office_id, starts_at, status ON booking
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION officer_day_load_sync();
