-- The booking pick (issue 10).
--
-- An officer's booked load per day, kept with the bookings. The booking pick orders candidate officers by it (the
-- one with the fewest bookings that day first): one index lookup per candidate instead of counting each candidate's
-- bookings of the day, which cost more PostgreSQL time than the whole insert. The day is the local date in the time
-- zone of the booking's office, as the pick's day is. Kept by a deferred trigger too, so the row is locked only while
-- the booking's transaction commits; it is one officer's row, shared only by bookings of that same officer.
CREATE TABLE officer_day_load (
    officer_id uuid    NOT NULL REFERENCES case_officer (id),
    day        date    NOT NULL,
    bookings   integer NOT NULL CHECK (bookings >= 0),
    PRIMARY KEY (officer_id, day)
);

INSERT INTO officer_day_load (officer_id, day, bookings)
SELECT b.officer_id, (b.starts_at AT TIME ZONE o.time_zone)::date, count(*)
  FROM booking b JOIN office o ON o.id = b.office_id
 WHERE b.status IN ('BOOKED', 'CHECKED_IN', 'COMPLETED')
 GROUP BY 1, 2;

CREATE FUNCTION officer_day_load_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d record;
BEGIN
    -- Rows are changed in key order, so two moves in opposite directions cannot deadlock.
    FOR d IN
        SELECT c.officer_id, c.day, sum(c.delta) AS delta
          FROM (SELECT OLD.officer_id, (OLD.starts_at AT TIME ZONE o.time_zone)::date, -1
                  FROM office o
                 WHERE TG_OP IN ('UPDATE', 'DELETE') AND o.id = OLD.office_id
                   AND OLD.status IN ('BOOKED', 'CHECKED_IN', 'COMPLETED')
                UNION ALL
                SELECT NEW.officer_id, (NEW.starts_at AT TIME ZONE o.time_zone)::date, 1
                  FROM office o
                 WHERE TG_OP IN ('INSERT', 'UPDATE') AND o.id = NEW.office_id
                   AND NEW.status IN ('BOOKED', 'CHECKED_IN', 'COMPLETED'))
               AS c (officer_id, day, delta)
         GROUP BY c.officer_id, c.day
        HAVING sum(c.delta) <> 0
         ORDER BY c.officer_id, c.day
    LOOP
        INSERT INTO officer_day_load AS l (officer_id, day, bookings)
        VALUES (d.officer_id, d.day, greatest(d.delta, 0))
        ON CONFLICT (officer_id, day) DO UPDATE SET bookings = l.bookings + d.delta;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER officer_day_load_change
    AFTER INSERT OR DELETE OR UPDATE OF officer_id, office_id, starts_at, status ON booking
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION officer_day_load_sync();
