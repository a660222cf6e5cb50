package se.servicekontor.videomote.statistics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.statistics.StatisticsRecords.Demand;
import se.servicekontor.videomote.statistics.StatisticsRecords.Key;
import se.servicekontor.videomote.statistics.StatisticsRecords.Names;
import se.servicekontor.videomote.statistics.StatisticsRecords.Officers;
import se.servicekontor.videomote.statistics.StatisticsRecords.Rooms;
import se.servicekontor.videomote.statistics.StatisticsRecords.ServiceMinutes;
import se.servicekontor.videomote.statistics.StatisticsRecords.StatisticsRow;
import se.servicekontor.videomote.statistics.StatisticsRecords.UtilizationRow;
import se.servicekontor.videomote.statistics.StatisticsRecords.WaitMinutes;

/**
 * Raw SQL of the statistics: reads the rollups of {@code visit_stats} (V7), never visits or their history. Counters
 * are summed; histograms are merged bin by bin and p50/p90 found where the running count crosses half and nine
 * tenths, which is {@code percentile_disc} over the raw whole minutes.
 */
@ApplicationScoped
class StatisticsQueries {

    /** The last histogram bins (V7): everything at or beyond them is counted there. */
    static final int WAIT_CAP = 720;

    /** Rollup rows of one grain over a range of periods, or of several grains over lists of periods. */
    record Tiles(String condition, List<Object> params) {
    }

    /**
     * The rollup rows covering office-local days {@code from}..{@code to}: hour rows when grouping by hour, day rows
     * when grouping by day, else the coarsest rows that tile the range (whole years, then whole months, then days).
     */
    static Tiles tiles(LocalDate from, LocalDate to, List<Dimension> dims, int firstParam) {
        if (dims.contains(Dimension.HOUR) || dims.contains(Dimension.DAY)) {
            String grain = dims.contains(Dimension.HOUR) ? "H" : "D";
            return new Tiles("s.grain = '%s' AND s.period BETWEEN $%d AND $%d".formatted(grain, firstParam,
                    firstParam + 1), List.of(from, to));
        }
        List<LocalDate> years = new ArrayList<>();
        List<LocalDate> months = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        LocalDate d = from;
        while (!d.isAfter(to)) {
            if (d.getDayOfYear() == 1 && !d.plusYears(1).minusDays(1).isAfter(to)) {
                years.add(d);
                d = d.plusYears(1);
            } else if (d.getDayOfMonth() == 1 && !d.plusMonths(1).minusDays(1).isAfter(to)) {
                months.add(d);
                d = d.plusMonths(1);
            } else {
                days.add(d);
                d = d.plusDays(1);
            }
        }
        return new Tiles("""
                (s.grain = 'Y' AND s.period = ANY ($%1$d::date[]))
                OR (s.grain = 'M' AND s.period = ANY ($%2$d::date[]))
                OR (s.grain = 'D' AND s.period = ANY ($%3$d::date[]))""".formatted(firstParam, firstParam + 1,
                firstParam + 2), List.of(years.toArray(LocalDate[]::new), months.toArray(LocalDate[]::new),
                        days.toArray(LocalDate[]::new)));
    }

    /** The statistics statement for one grouping; its text depends only on the dimensions and the tiling kind. */
    static String statisticsSql(List<Dimension> dims, Tiles tiles) {
        String keyColumns = dims.stream().map(d -> ", " + d.column() + " AS " + d.alias()).collect(Collectors.joining());
        String keys = "k0" + dims.stream().map(d -> ", " + d.alias()).collect(Collectors.joining());
        String names = """
                %s AS office_name, %s AS agency_name, %s AS service_name""".formatted(
                dims.contains(Dimension.OFFICE) ? "(SELECT o.name FROM office o WHERE o.id = t.k_office)" : "NULL::text",
                dims.contains(Dimension.AGENCY) ? "(SELECT a.name FROM agency a WHERE a.code = t.k_agency)" : "NULL::text",
                dims.contains(Dimension.SERVICE) && dims.contains(Dimension.AGENCY)
                        ? "(SELECT x.name FROM agency_service x WHERE x.agency_code = t.k_agency AND x.code = t.k_service)"
                        : "NULL::text");
        return """
                WITH src AS MATERIALIZED (
                    SELECT 0 AS k0%1$s, s.visits, s.walk_ins, s.booked, s.served, s.no_shows, s.cancelled,
                           s.transferred, s.interpreter, s.wait_hist, s.wait_over_max, s.service_hist
                      FROM visit_stats s
                     WHERE (%2$s) AND ($1::text IS NULL OR s.office_id = $1) AND ($2::text IS NULL OR s.agency_code = $2)
                ), totals AS (
                    SELECT %3$s, sum(visits)::bigint AS visits, sum(walk_ins)::bigint AS walk_ins,
                           sum(booked)::bigint AS booked, sum(served)::bigint AS served,
                           sum(no_shows)::bigint AS no_shows, sum(cancelled)::bigint AS cancelled,
                           sum(transferred)::bigint AS transferred, sum(interpreter)::bigint AS interpreter,
                           max(wait_over_max) AS wait_over_max
                      FROM src GROUP BY %3$s
                    HAVING sum(visits) <> 0 OR sum(transferred) <> 0
                ), wait_bins AS (
                    SELECT %3$s, b.i::int - 1 AS minute, sum(b.n)::bigint AS n
                      FROM src CROSS JOIN LATERAL unnest(src.wait_hist) WITH ORDINALITY AS b (n, i)
                     WHERE b.n <> 0 GROUP BY %3$s, b.i
                ), wait AS (
                    SELECT %3$s, min(minute) FILTER (WHERE 2 * cum >= tot) AS p50,
                           min(minute) FILTER (WHERE 10 * cum >= 9 * tot) AS p90, max(minute) AS top
                      FROM (SELECT w.*, sum(n) OVER (PARTITION BY %3$s ORDER BY minute) AS cum,
                                   sum(n) OVER (PARTITION BY %3$s) AS tot
                              FROM wait_bins w) x
                     GROUP BY %3$s
                ), service_bins AS (
                    SELECT %3$s, b.i::int - 1 AS minute, sum(b.n)::bigint AS n
                      FROM src CROSS JOIN LATERAL unnest(src.service_hist) WITH ORDINALITY AS b (n, i)
                     WHERE b.n <> 0 GROUP BY %3$s, b.i
                ), service AS (
                    SELECT %3$s, min(minute) FILTER (WHERE 2 * cum >= tot) AS p50,
                           min(minute) FILTER (WHERE 10 * cum >= 9 * tot) AS p90
                      FROM (SELECT w.*, sum(n) OVER (PARTITION BY %3$s ORDER BY minute) AS cum,
                                   sum(n) OVER (PARTITION BY %3$s) AS tot
                              FROM service_bins w) x
                     GROUP BY %3$s
                )
                SELECT t.*, w.p50 AS wait_p50, w.p90 AS wait_p90, w.top AS wait_top, sv.p50 AS service_p50,
                       sv.p90 AS service_p90, %4$s
                  FROM totals t
                  LEFT JOIN wait w USING (%3$s)
                  LEFT JOIN service sv USING (%3$s)
                 ORDER BY %5$s""".formatted(keyColumns, tiles.condition(), keys, names,
                keys.replace("k0", "t.k0").replace(", k_", ", t.k_"));
    }

    Uni<List<StatisticsRow>> statistics(SqlClient c, LocalDate from, LocalDate to, String office, String agency,
            List<Dimension> dims) {
        Tiles tiles = tiles(from, to, dims, 3);
        List<Object> params = new ArrayList<>();
        params.add(office);
        params.add(agency);
        params.addAll(tiles.params());
        return c.preparedQuery(statisticsSql(dims, tiles)).execute(Tuple.from(params)).map(rows -> {
            List<StatisticsRow> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(statisticsRow(row, dims));
            }
            return out;
        });
    }

    private static StatisticsRow statisticsRow(Row row, List<Dimension> dims) {
        Key key = new Key(dims.contains(Dimension.DAY) ? row.getLocalDate("k_day") : null,
                dims.contains(Dimension.HOUR) ? Integer.valueOf(row.getShort("k_hour")) : null,
                dims.contains(Dimension.OFFICE) ? row.getString("k_office") : null,
                dims.contains(Dimension.AGENCY) ? row.getString("k_agency") : null,
                dims.contains(Dimension.SERVICE) ? row.getString("k_service") : null);
        Integer top = row.getInteger("wait_top");
        Integer overMax = row.getInteger("wait_over_max");
        // The last bin collects every wait at or beyond it; the longest of those is kept beside the histogram.
        Integer max = top != null && top >= WAIT_CAP && overMax != null ? overMax : top;
        return new StatisticsRow(key, row.getLong("visits"), row.getLong("walk_ins"), row.getLong("booked"),
                row.getLong("served"), row.getLong("no_shows"), row.getLong("cancelled"), row.getLong("transferred"),
                row.getLong("interpreter"), new WaitMinutes(row.getInteger("wait_p50"), row.getInteger("wait_p90"), max),
                new ServiceMinutes(row.getInteger("service_p50"), row.getInteger("service_p90")),
                new Names(row.getString("office_name"), row.getString("agency_name"), row.getString("service_name")));
    }

    private static final String OFFICE_EXISTS = "SELECT EXISTS (SELECT 1 FROM office WHERE id = $1)";
    private static final String AGENCY_EXISTS = "SELECT EXISTS (SELECT 1 FROM agency WHERE code = $1)";

    Uni<Boolean> officeExists(SqlClient c, String office) {
        return c.preparedQuery(OFFICE_EXISTS).execute(Tuple.of(office)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    Uni<Boolean> agencyExists(SqlClient c, String agency) {
        return c.preparedQuery(AGENCY_EXISTS).execute(Tuple.of(agency)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * Per office and office-local day: opening minutes (opening hours without closures, or a MOBILE office's stops),
     * rooms, minutes of meetings (from the day rollups), officers' shift minutes within opening time, and per hour
     * the arrivals (hour rollups) against the officers of the office's agencies on shift.
     */
    private static final String UTILIZATION = """
            WITH offices AS MATERIALIZED (
                SELECT o.id, o.time_zone, o.kind, (SELECT count(*) FROM room r WHERE r.office_id = o.id)::int AS rooms
                  FROM office o WHERE ($1::text IS NULL OR o.id = $1)
            ), days AS MATERIALIZED (
                SELECT f.id AS office_id, f.time_zone, f.kind, f.rooms, d::date AS day
                  FROM offices f CROSS JOIN generate_series($2::date, $3::date, interval '1 day') d
            ), periods AS MATERIALIZED (
                SELECT d.office_id, d.day, (d.day + h.opens) AT TIME ZONE d.time_zone AS opens_at,
                       (d.day + h.closes) AT TIME ZONE d.time_zone AS closes_at
                  FROM days d
                  JOIN office_opening_hours h ON h.office_id = d.office_id AND h.day = extract(isodow FROM d.day)
                 WHERE d.kind = 'FIXED'
                   AND NOT EXISTS (SELECT 1 FROM office_closure c WHERE c.office_id = d.office_id AND c.date = d.day)
                UNION ALL
                SELECT d.office_id, d.day, (d.day + s.opens) AT TIME ZONE d.time_zone,
                       (d.day + s.closes) AT TIME ZONE d.time_zone
                  FROM days d JOIN office_stop s ON s.office_id = d.office_id AND s.date = d.day
                 WHERE d.kind = 'MOBILE'
            ), staff AS MATERIALIZED (
                SELECT DISTINCT f.id AS office_id, sh.officer_id, sh.starts_at, sh.ends_at
                  FROM offices f
                  JOIN office_agency oa ON oa.office_id = f.id
                  JOIN case_officer c ON c.agency_code = oa.agency_code
                  JOIN officer_shift sh ON sh.officer_id = c.id
                 WHERE sh.ends_at > ($2::date - 1)::timestamp AT TIME ZONE 'UTC'
                   AND sh.starts_at < ($3::date + 2)::timestamp AT TIME ZONE 'UTC'
            ), per_day AS (
                SELECT d.office_id, d.day, d.rooms,
                       coalesce((SELECT sum(extract(epoch FROM p.closes_at - p.opens_at)) FROM periods p
                                  WHERE p.office_id = d.office_id AND p.day = d.day), 0)::float8 / 60 AS open_minutes,
                       coalesce((SELECT sum(extract(epoch FROM least(st.ends_at, p.closes_at)
                                                               - greatest(st.starts_at, p.opens_at)))
                                   FROM periods p JOIN staff st ON st.office_id = p.office_id
                                                 AND st.starts_at < p.closes_at AND st.ends_at > p.opens_at
                                  WHERE p.office_id = d.office_id AND p.day = d.day), 0)::float8 / 60 AS on_duty,
                       coalesce((SELECT sum(s.service_seconds) FROM visit_stats s
                                  WHERE s.office_id = d.office_id AND s.grain = 'D' AND s.period = d.day), 0)::float8
                           / 60 AS in_meeting
                  FROM days d
            ), slots AS (
                SELECT d.office_id, d.day, h AS hour,
                       (d.day + make_interval(hours => h)) AT TIME ZONE d.time_zone AS hs,
                       (d.day + make_interval(hours => h + 1)) AT TIME ZONE d.time_zone AS he
                  FROM days d CROSS JOIN generate_series(0, 23) h
            ), arrivals AS (
                SELECT s.office_id, s.period AS day, s.hour::int AS hour, sum(s.visits)::bigint AS arrivals
                  FROM visit_stats s JOIN offices f ON f.id = s.office_id
                 WHERE s.grain = 'H' AND s.period BETWEEN $2 AND $3
                 GROUP BY 1, 2, 3
            ), demand AS (
                SELECT sl.office_id, sl.day, sl.hour, coalesce(a.arrivals, 0) AS arrivals,
                       (SELECT count(DISTINCT st.officer_id) FROM staff st
                         WHERE st.office_id = sl.office_id AND st.starts_at < sl.he AND st.ends_at > sl.hs) AS on_duty
                  FROM slots sl
                  LEFT JOIN arrivals a USING (office_id, day, hour)
                 WHERE a.arrivals IS NOT NULL
                    OR EXISTS (SELECT 1 FROM periods p WHERE p.office_id = sl.office_id AND p.day = sl.day
                                                       AND p.opens_at < sl.he AND p.closes_at > sl.hs)
            )
            SELECT pd.office_id, pd.day, pd.rooms, pd.open_minutes, pd.on_duty, pd.in_meeting,
                   coalesce(array_agg(dm.hour ORDER BY dm.hour) FILTER (WHERE dm.hour IS NOT NULL), '{}') AS hours,
                   coalesce(array_agg(dm.arrivals ORDER BY dm.hour) FILTER (WHERE dm.hour IS NOT NULL), '{}') AS arrivals,
                   coalesce(array_agg(dm.on_duty ORDER BY dm.hour) FILTER (WHERE dm.hour IS NOT NULL), '{}') AS on_duty_by_hour
              FROM per_day pd
              LEFT JOIN demand dm ON dm.office_id = pd.office_id AND dm.day = pd.day
             GROUP BY pd.office_id, pd.day, pd.rooms, pd.open_minutes, pd.on_duty, pd.in_meeting
             ORDER BY pd.office_id, pd.day""";

    Uni<List<UtilizationRow>> utilization(SqlClient c, String office, LocalDate from, LocalDate to) {
        return c.preparedQuery(UTILIZATION).execute(Tuple.of(office, from, to)).map(rows -> {
            List<UtilizationRow> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                int rooms = row.getInteger("rooms");
                double open = row.getDouble("open_minutes");
                double inMeeting = row.getDouble("in_meeting");
                Double share = rooms == 0 || open <= 0 ? null
                        : Math.round(inMeeting / (rooms * open) * 1000.0) / 1000.0;
                Integer[] hours = row.getArrayOfIntegers("hours");
                Long[] arrivals = row.getArrayOfLongs("arrivals");
                Long[] onDuty = row.getArrayOfLongs("on_duty_by_hour");
                List<Demand> demand = new ArrayList<>(hours.length);
                for (int i = 0; i < hours.length; i++) {
                    demand.add(new Demand(hours[i], arrivals[i], onDuty[i]));
                }
                out.add(new UtilizationRow(row.getString("office_id"), row.getLocalDate("day"), Math.round(open),
                        new Rooms(rooms, share), new Officers(Math.round(row.getDouble("on_duty")), Math.round(inMeeting)),
                        demand));
            }
            return out;
        });
    }
}
