-- Statistics: rollups of visits kept exact by a trigger, in the transaction that changes the visit, so reading a
-- national year never scans visits or their history.
--
-- A visit counts where it arrived: its office, the office-local day and hour of its arrival (queued_at, which never
-- changes), and its current agency and service. Every visit contributes one "part" computed from its row alone
-- (visit_stats_part); when a change alters the part, the trigger subtracts the old part and adds the new one. A
-- transfer to another agency or service moves the visit's part to the new key and counts one "transferred" on the
-- key it left. Nothing personal ever enters these tables (no name, no booking, no officer), they have no foreign key
-- to visits, and erasing or even deleting visits later leaves them as they are.
--
-- Each part is added at four grains: H (period = day, hour 0-23), D (day), M (first of the month), Y (1 January),
-- so a query reads the coarsest rows that tile its range. Percentiles cannot be summed, so waits (arrival -> last
-- call) and service times (started -> completed) are kept as histograms with one bin per whole minute, which merge
-- by adding bins and give p50/p90 exactly at minute resolution (the same value as percentile_disc over the whole
-- minutes of the raw rows). The last bin (720 for waits, 480 for service) collects everything at or beyond it;
-- wait_over_max keeps the longest such wait.

CREATE TABLE visit_stats (
    office_id       text NOT NULL,
    grain           char(1) NOT NULL CHECK (grain IN ('H', 'D', 'M', 'Y')),
    period          date NOT NULL,
    hour            smallint NOT NULL,
    agency_code     text NOT NULL,
    service_code    text NOT NULL,
    visits          integer NOT NULL DEFAULT 0,
    walk_ins        integer NOT NULL DEFAULT 0,
    booked          integer NOT NULL DEFAULT 0,
    served          integer NOT NULL DEFAULT 0,
    no_shows        integer NOT NULL DEFAULT 0,
    cancelled       integer NOT NULL DEFAULT 0,
    transferred     integer NOT NULL DEFAULT 0,
    interpreter     integer NOT NULL DEFAULT 0,
    -- wait_hist[m + 1] visits waited m whole minutes (arrival -> called); dense, lower bound 1, as long as needed.
    wait_hist       integer[] NOT NULL DEFAULT '{}',
    wait_over_max   integer,
    -- service_hist[m + 1] completed visits took m whole minutes (started -> completed).
    service_hist    integer[] NOT NULL DEFAULT '{}',
    service_seconds bigint NOT NULL DEFAULT 0,
    CONSTRAINT visit_stats_hour_only_at_hour_grain CHECK ((grain = 'H') = (hour BETWEEN 0 AND 23)
                                                         AND (grain = 'H' OR hour = -1)),
    CONSTRAINT visit_stats_period_aligned CHECK (grain IN ('H', 'D')
                                                 OR (grain = 'M' AND extract(day FROM period) = 1)
                                                 OR (grain = 'Y' AND extract(doy FROM period) = 1)),
    -- Keyed by office first: concurrent visits at different offices never touch the same row.
    PRIMARY KEY (office_id, grain, period, hour, agency_code, service_code)
);
-- National queries (every office) read one grain over a range of periods.
CREATE INDEX visit_stats_grain_period_idx ON visit_stats (grain, period);

CREATE TYPE visit_stats_part AS (
    local_at        timestamp,
    agency_code     text,
    service_code    text,
    visits          integer,
    walk_ins        integer,
    booked          integer,
    served          integer,
    no_shows        integer,
    cancelled       integer,
    interpreter     integer,
    wait_minutes    integer,
    service_seconds bigint
);

-- What one visit adds to the statistics, from its row alone and its office's time zone.
CREATE FUNCTION visit_stats_part(v visit, tz text) RETURNS visit_stats_part LANGUAGE sql STABLE AS $$
    SELECT ROW(v.queued_at AT TIME ZONE tz, v.agency_code, v.service_code, 1,
               (v.booking_id IS NULL)::int, (v.booking_id IS NOT NULL)::int,
               (v.status = 'COMPLETED')::int, (v.status = 'NO_SHOW')::int, (v.status = 'CANCELLED')::int,
               v.interpreter::int,
               CASE WHEN v.called_at IS NOT NULL
                    THEN greatest(0, floor(extract(epoch FROM v.called_at - v.queued_at) / 60))::int END,
               CASE WHEN v.status = 'COMPLETED' AND v.started_at IS NOT NULL AND v.ended_at IS NOT NULL
                    THEN greatest(0, floor(extract(epoch FROM v.ended_at - v.started_at)))::bigint END
              )::visit_stats_part
$$;

-- The bin of a number of minutes: one per minute up to the cap, which collects the rest.
CREATE FUNCTION visit_stats_bin(minutes integer, cap integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT least(minutes, cap)
$$;

-- A histogram change: -1 in bin minus_bin, +1 in bin plus_bin (either may be NULL).
CREATE FUNCTION visit_stats_hist_delta(minus_bin integer, plus_bin integer) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    h integer[];
BEGIN
    IF minus_bin IS NULL AND plus_bin IS NULL THEN
        RETURN '{}';
    END IF;
    h := array_fill(0, ARRAY[greatest(coalesce(minus_bin, 0), coalesce(plus_bin, 0)) + 1]);
    IF minus_bin IS NOT NULL THEN
        h[minus_bin + 1] := h[minus_bin + 1] - 1;
    END IF;
    IF plus_bin IS NOT NULL THEN
        h[plus_bin + 1] := h[plus_bin + 1] + 1;
    END IF;
    RETURN h;
END
$$;

-- Adds histogram d to histogram h bin by bin; the result is as long as the longer of the two.
CREATE FUNCTION visit_stats_hist_add(h integer[], d integer[]) RETURNS integer[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    n integer := coalesce(array_length(d, 1), 0);
    m integer := coalesce(array_length(h, 1), 0);
BEGIN
    IF n = 0 THEN
        RETURN h;
    END IF;
    IF m < n THEN
        h := coalesce(h, '{}') || array_fill(0, ARRAY[n - m]);
    END IF;
    FOR i IN 1 .. n LOOP
        IF d[i] <> 0 THEN
            h[i] := h[i] + d[i];
        END IF;
    END LOOP;
    RETURN h;
END
$$;

-- A histogram from (bin, count) pairs.
CREATE FUNCTION visit_stats_hist_of(bins integer[], counts integer[]) RETURNS integer[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    h integer[];
BEGIN
    SELECT array_fill(0, ARRAY[max(b) + 1]) INTO h FROM unnest(bins) b;
    FOR i IN 1 .. coalesce(array_length(bins, 1), 0) LOOP
        h[bins[i] + 1] := h[bins[i] + 1] + counts[i];
    END LOOP;
    RETURN h;
END
$$;

CREATE FUNCTION visit_stats_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tz text;
    o  visit_stats_part;
    n  visit_stats_part;
    moved boolean := false;
BEGIN
    SELECT time_zone INTO tz FROM office WHERE id = NEW.office_id;
    n := visit_stats_part(NEW, tz);
    IF TG_OP = 'UPDATE' THEN
        o := visit_stats_part(OLD, tz);
        IF o IS NOT DISTINCT FROM n THEN
            RETURN NULL;
        END IF;
        moved := (OLD.agency_code, OLD.service_code) IS DISTINCT FROM (NEW.agency_code, NEW.service_code);
    END IF;
    -- One statement for every grain and key, rows in key order: two transfers in opposite directions cannot
    -- deadlock, and a key touched by both parts is changed once.
    INSERT INTO visit_stats AS s (office_id, grain, period, hour, agency_code, service_code, visits, walk_ins, booked,
                                  served, no_shows, cancelled, transferred, interpreter, wait_hist, wait_over_max,
                                  service_hist, service_seconds)
    SELECT NEW.office_id, g.grain,
           (CASE g.grain WHEN 'Y' THEN date_trunc('year', p.local_at)
                         WHEN 'M' THEN date_trunc('month', p.local_at)
                         ELSE date_trunc('day', p.local_at) END)::date AS period,
           (CASE g.grain WHEN 'H' THEN extract(hour FROM p.local_at) ELSE -1 END)::smallint AS hour,
           p.agency_code, p.service_code,
           sum(p.sign * p.visits), sum(p.sign * p.walk_ins), sum(p.sign * p.booked), sum(p.sign * p.served),
           sum(p.sign * p.no_shows), sum(p.sign * p.cancelled), sum(p.moved), sum(p.sign * p.interpreter),
           visit_stats_hist_delta(max(visit_stats_bin(p.wait_minutes, 720)) FILTER (WHERE p.sign < 0),
                                  max(visit_stats_bin(p.wait_minutes, 720)) FILTER (WHERE p.sign > 0)),
           max(p.wait_minutes) FILTER (WHERE p.sign > 0 AND p.wait_minutes >= 720),
           visit_stats_hist_delta(max(visit_stats_bin((p.service_seconds / 60)::int, 480)) FILTER (WHERE p.sign < 0),
                                  max(visit_stats_bin((p.service_seconds / 60)::int, 480)) FILTER (WHERE p.sign > 0)),
           coalesce(sum(p.sign * p.service_seconds), 0)
      FROM (SELECT -1 AS sign, 0 AS moved, (o).* WHERE TG_OP = 'UPDATE'
            UNION ALL
            SELECT 1, 0, (n).*
            UNION ALL
            SELECT 0, 1, (o).* WHERE moved) p
     CROSS JOIN (VALUES ('H'), ('D'), ('M'), ('Y')) g (grain)
     GROUP BY 2, 3, 4, 5, 6
     ORDER BY 2, 3, 4, 5, 6
    ON CONFLICT (office_id, grain, period, hour, agency_code, service_code) DO UPDATE
       SET visits = s.visits + EXCLUDED.visits, walk_ins = s.walk_ins + EXCLUDED.walk_ins,
           booked = s.booked + EXCLUDED.booked, served = s.served + EXCLUDED.served,
           no_shows = s.no_shows + EXCLUDED.no_shows, cancelled = s.cancelled + EXCLUDED.cancelled,
           transferred = s.transferred + EXCLUDED.transferred, interpreter = s.interpreter + EXCLUDED.interpreter,
           wait_hist = visit_stats_hist_add(s.wait_hist, EXCLUDED.wait_hist),
           wait_over_max = greatest(s.wait_over_max, EXCLUDED.wait_over_max),
           service_hist = visit_stats_hist_add(s.service_hist, EXCLUDED.service_hist),
           service_seconds = s.service_seconds + EXCLUDED.service_seconds;
    RETURN NULL;
END
$$;

CREATE TRIGGER visit_stats_insert AFTER INSERT ON visit FOR EACH ROW EXECUTE FUNCTION visit_stats_sync();
CREATE TRIGGER visit_stats_update
    AFTER UPDATE OF status, agency_code, service_code, queued_at, called_at, started_at, ended_at, interpreter, booking_id
    ON visit FOR EACH ROW
    WHEN ((OLD.status, OLD.agency_code, OLD.service_code, OLD.queued_at, OLD.called_at, OLD.started_at, OLD.ended_at,
           OLD.interpreter, OLD.booking_id IS NULL)
          IS DISTINCT FROM
          (NEW.status, NEW.agency_code, NEW.service_code, NEW.queued_at, NEW.called_at, NEW.started_at, NEW.ended_at,
           NEW.interpreter, NEW.booking_id IS NULL))
    EXECUTE FUNCTION visit_stats_sync();

-- Rebuilds every rollup from the visits and their transfers in bulk: for loading history with the trigger disabled
-- (bench/statistics.sh), and for the visits already there when this migration runs. Returns the rows written.
CREATE FUNCTION visit_stats_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    written bigint;
BEGIN
    DELETE FROM visit_stats;
    WITH parts AS MATERIALIZED (
        SELECT v.office_id, p.local_at, p.agency_code, p.service_code, p.visits, p.walk_ins, p.booked, p.served,
               p.no_shows, p.cancelled, 0 AS moved, p.interpreter, p.wait_minutes, p.service_seconds
          FROM visit v
          JOIN office o ON o.id = v.office_id
         CROSS JOIN LATERAL visit_stats_part(v, o.time_zone) p
        UNION ALL
        SELECT v.office_id, v.queued_at AT TIME ZONE o.time_zone, t.from_agency, t.from_service, 0, 0, 0, 0, 0, 0, 1,
               0, NULL, NULL
          FROM visit_transition t
          JOIN visit v ON v.id = t.visit_id
          JOIN office o ON o.id = v.office_id
         WHERE t.action = 'TRANSFERRED' AND t.from_agency IS NOT NULL
    ), keyed AS MATERIALIZED (
        SELECT p.office_id, g.grain,
               (CASE g.grain WHEN 'Y' THEN date_trunc('year', p.local_at)
                             WHEN 'M' THEN date_trunc('month', p.local_at)
                             ELSE date_trunc('day', p.local_at) END)::date AS period,
               (CASE g.grain WHEN 'H' THEN extract(hour FROM p.local_at) ELSE -1 END)::smallint AS hour,
               p.agency_code, p.service_code, p.visits, p.walk_ins, p.booked, p.served, p.no_shows, p.cancelled,
               p.moved, p.interpreter, p.wait_minutes, p.service_seconds
          FROM parts p CROSS JOIN (VALUES ('H'), ('D'), ('M'), ('Y')) g (grain)
    ), wait_hists AS (
        SELECT office_id, grain, period, hour, agency_code, service_code,
               visit_stats_hist_of(array_agg(bin), array_agg(n)) AS hist
          FROM (SELECT office_id, grain, period, hour, agency_code, service_code,
                       visit_stats_bin(wait_minutes, 720) AS bin, count(*)::int AS n
                  FROM keyed WHERE wait_minutes IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7) b
         GROUP BY 1, 2, 3, 4, 5, 6
    ), service_hists AS (
        SELECT office_id, grain, period, hour, agency_code, service_code,
               visit_stats_hist_of(array_agg(bin), array_agg(n)) AS hist
          FROM (SELECT office_id, grain, period, hour, agency_code, service_code,
                       visit_stats_bin((service_seconds / 60)::int, 480) AS bin, count(*)::int AS n
                  FROM keyed WHERE service_seconds IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7) b
         GROUP BY 1, 2, 3, 4, 5, 6
    ), totals AS (
        SELECT office_id, grain, period, hour, agency_code, service_code, sum(visits)::int AS visits,
               sum(walk_ins)::int AS walk_ins, sum(booked)::int AS booked, sum(served)::int AS served,
               sum(no_shows)::int AS no_shows, sum(cancelled)::int AS cancelled, sum(moved)::int AS transferred,
               sum(interpreter)::int AS interpreter,
               max(wait_minutes) FILTER (WHERE wait_minutes >= 720) AS wait_over_max,
               coalesce(sum(service_seconds), 0)::bigint AS service_seconds
          FROM keyed GROUP BY 1, 2, 3, 4, 5, 6
    )
    INSERT INTO visit_stats (office_id, grain, period, hour, agency_code, service_code, visits, walk_ins, booked,
                             served, no_shows, cancelled, transferred, interpreter, wait_hist, wait_over_max,
                             service_hist, service_seconds)
    SELECT t.office_id, t.grain, t.period, t.hour, t.agency_code, t.service_code, t.visits, t.walk_ins, t.booked,
           t.served, t.no_shows, t.cancelled, t.transferred, t.interpreter, coalesce(w.hist, '{}'), t.wait_over_max,
           coalesce(sh.hist, '{}'), t.service_seconds
      FROM totals t
      LEFT JOIN wait_hists w USING (office_id, grain, period, hour, agency_code, service_code)
      LEFT JOIN service_hists sh USING (office_id, grain, period, hour, agency_code, service_code);
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;

SELECT visit_stats_rebuild();

-- Exactly-once Prometheus counting across instances: the instance that advances this cursor counts the transitions
-- it passed over. One row.
CREATE TABLE visit_stats_metrics_cursor (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    last_id  bigint NOT NULL
);
INSERT INTO visit_stats_metrics_cursor (last_id) SELECT coalesce(max(id), 0) FROM visit_transition;
