-- The quartiles of an office's recent service times per agency, kept as data. Estimated waits need them at every
-- ticket, call and completion (VisitQueries.STATS), and computing them there read up to 200 completed visits per
-- agency of the office each time (a third of a queue cycle's buffers). Only a completion changes them, so the
-- completion computes them once and every reader takes the row, as long as the row still describes what a reader
-- would compute: the same sample limit, a window at least as wide as the reader's, no sample that has since left the
-- reader's window, and no visit completed after the newest sample (one index probe: a completion by a path that did
-- not keep the row is never hidden). Otherwise the reader computes them as before (service_time_now): a quiet office
-- whose oldest sample ages out, a limit changed in configuration. Rows are touched only by completions at their own
-- office.
CREATE TABLE service_time (
    office_id       text NOT NULL REFERENCES office (id) ON DELETE CASCADE,
    agency_code     text NOT NULL REFERENCES agency (code),
    sample_limit    integer NOT NULL,     -- at most this many of the most recent completed visits
    since           timestamptz NOT NULL, -- completed after this instant
    samples         integer NOT NULL,
    p25             float8,               -- minutes from called to completed; NULL without samples
    p75             float8,
    oldest_ended_at timestamptz,          -- the oldest sample's completion; NULL without samples
    newest_ended_at timestamptz,          -- the newest sample's completion; NULL without samples
    PRIMARY KEY (office_id, agency_code)
);
CREATE INDEX service_time_agency_idx ON service_time (agency_code);

-- The service times of the office's most recent completed visits for the agency, computed from the visits: the one
-- definition of a sample, used to keep the row (service_time_record) and by readers when it does not hold.
CREATE FUNCTION service_time_sample(p_office text, p_agency text, p_since timestamptz, p_limit integer)
    RETURNS TABLE (samples integer, p25 float8, p75 float8, oldest_ended_at timestamptz, newest_ended_at timestamptz)
    LANGUAGE sql STABLE AS $$
    SELECT count(*)::int,
           percentile_cont(0.25) WITHIN GROUP (ORDER BY recent.minutes),
           percentile_cont(0.75) WITHIN GROUP (ORDER BY recent.minutes),
           min(recent.ended_at), max(recent.ended_at)
      FROM (SELECT extract(epoch FROM v.ended_at - v.called_at)::float8 / 60 AS minutes, v.ended_at
              FROM visit v
             WHERE v.office_id = p_office AND v.agency_code = p_agency AND v.status = 'COMPLETED'
               AND v.ended_at > p_since
             ORDER BY v.ended_at DESC
             LIMIT p_limit) recent
$$;

-- What a reader at window start p_since with limit p_limit would compute: the kept row when it holds for that reader,
-- else the computation. The computation is guarded by a condition that does not depend on its rows, so PostgreSQL
-- evaluates the condition once and skips reading the visits when the row holds.
CREATE FUNCTION service_time_now(p_office text, p_agency text, p_since timestamptz, p_limit integer)
    RETURNS TABLE (samples integer, p25 float8, p75 float8)
    LANGUAGE sql STABLE AS $$
    WITH kept AS (
        SELECT st.samples, st.p25, st.p75
          FROM service_time st
         WHERE st.office_id = p_office AND st.agency_code = p_agency AND st.sample_limit = p_limit
           AND st.since <= p_since AND (st.oldest_ended_at IS NULL OR st.oldest_ended_at > p_since)
           AND NOT EXISTS (SELECT 1 FROM visit v
                            WHERE v.office_id = p_office AND v.agency_code = p_agency AND v.status = 'COMPLETED'
                              AND v.ended_at > coalesce(st.newest_ended_at, st.since))
    )
    SELECT * FROM kept
    UNION ALL
    SELECT s.samples, s.p25, s.p75
      FROM service_time_sample(p_office, p_agency, p_since, p_limit) s
     WHERE NOT EXISTS (SELECT 1 FROM kept)
$$;

-- Called by a completion, in its transaction, after the visit is COMPLETED. The row is locked first and computed in
-- a statement of its own: a statement sees what was committed when it started, so two completions at the same office
-- and agency cannot each leave out the other's visit (the second waits for the first's lock, then computes with the
-- first's visit committed). Deadlock-free: only completions lock these rows, each one row, after its visit.
CREATE FUNCTION service_time_record(p_office text, p_agency text, p_since timestamptz, p_limit integer)
    RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM service_time WHERE office_id = p_office AND agency_code = p_agency FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO service_time (office_id, agency_code, sample_limit, since, samples)
        VALUES (p_office, p_agency, 0, p_since, 0)
        ON CONFLICT (office_id, agency_code) DO NOTHING;
        PERFORM 1 FROM service_time WHERE office_id = p_office AND agency_code = p_agency FOR UPDATE;
    END IF;
    UPDATE service_time st
       SET sample_limit = p_limit, since = p_since, samples = s.samples, p25 = s.p25, p75 = s.p75,
           oldest_ended_at = s.oldest_ended_at, newest_ended_at = s.newest_ended_at
      FROM service_time_sample(p_office, p_agency, p_since, p_limit) s
     WHERE st.office_id = p_office AND st.agency_code = p_agency;
END
$$;
