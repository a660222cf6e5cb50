package se.servicekontor.videomote.statistics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.statistics.StatisticsRecords.Demand;
import se.servicekontor.videomote.statistics.StatisticsRecords.Key;
import se.servicekontor.videomote.statistics.StatisticsRecords.Names;
import se.servicekontor.videomote.statistics.StatisticsRecords.Officers;
import se.servicekontor.videomote.statistics.StatisticsRecords.Rooms;
import se.servicekontor.videomote.statistics.StatisticsRecords.StatisticsRow;
import se.servicekontor.videomote.statistics.StatisticsRecords.UtilizationRow;

/**
 * Raw SQL of the statistics: reads the rollups of {@code visit_stats} (V7), never visits or their history, and
 * merges them by key in {@link StatisticsMerge} (counters summed, histograms added bin by bin, p50/p90 where the
 * running count crosses half and nine tenths, which is {@code percentile_disc} over the raw whole minutes).
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

    /** Rows of a rollup cursor fetched per round trip: enough for a national year in a few, few enough to hold. */
    private static final int FETCH = 4096;

    /**
     * The rollup rows of one request with their key columns; its text depends only on the dimensions and the tiling
     * kind. The rows are merged into groups in Java ({@link StatisticsMerge}).
     */
    static String statisticsSql(List<Dimension> dims, Tiles tiles) {
        String keyColumns = dims.stream().map(d -> d.column() + " AS " + d.alias() + ", ").collect(Collectors.joining());
        return """
                SELECT %1$ss.visits, s.walk_ins, s.booked, s.served, s.no_shows, s.cancelled, s.transferred,
                       s.interpreter, s.wait_hist, s.wait_over_max, s.service_hist
                  FROM visit_stats s
                 WHERE (%2$s) AND ($1::text IS NULL OR s.office_id = $1) AND ($2::text IS NULL OR s.agency_code = $2)"""
                .formatted(keyColumns, tiles.condition());
    }

    /**
     * The statistics of one request: the rollup rows that tile its range, read through a cursor in a transaction and
     * merged by key, then the display names of the keys.
     */
    Uni<List<StatisticsRow>> statistics(SqlConnection c, LocalDate from, LocalDate to, String office, String agency,
            List<Dimension> dims) {
        Tiles tiles = tiles(from, to, dims, 3);
        List<Object> params = new ArrayList<>();
        params.add(office);
        params.add(agency);
        params.addAll(tiles.params());
        StatisticsMerge merge = new StatisticsMerge(dims);
        // A cursor lives in a transaction; it only reads, and is rolled back.
        return c.begin().chain(tx -> c.prepare(statisticsSql(dims, tiles))
                .chain(statement -> {
                    Cursor cursor = statement.cursor(Tuple.from(params));
                    return readAll(cursor, merge, dims).eventually(cursor::close).eventually(statement::close);
                })
                .eventually(tx::rollback))
                .chain(() -> names(c, merge, dims))
                .map(merge::rows);
    }

    private static Uni<Void> readAll(Cursor cursor, StatisticsMerge merge, List<Dimension> dims) {
        return cursor.read(FETCH).chain(rows -> {
            for (Row row : rows) {
                add(merge, row, dims);
            }
            return cursor.hasMore() ? readAll(cursor, merge, dims) : Uni.createFrom().voidItem();
        });
    }

    private static void add(StatisticsMerge merge, Row row, List<Dimension> dims) {
        StatisticsMerge.Group g = merge.group(new Key(dims.contains(Dimension.DAY) ? row.getLocalDate("k_day") : null,
                dims.contains(Dimension.HOUR) ? Integer.valueOf(row.getShort("k_hour")) : null,
                dims.contains(Dimension.OFFICE) ? row.getString("k_office") : null,
                dims.contains(Dimension.AGENCY) ? row.getString("k_agency") : null,
                dims.contains(Dimension.SERVICE) ? row.getString("k_service") : null));
        g.visits += row.getInteger("visits");
        g.walkIns += row.getInteger("walk_ins");
        g.booked += row.getInteger("booked");
        g.served += row.getInteger("served");
        g.noShows += row.getInteger("no_shows");
        g.cancelled += row.getInteger("cancelled");
        g.transferred += row.getInteger("transferred");
        g.interpreter += row.getInteger("interpreter");
        Integer overMax = row.getInteger("wait_over_max");
        if (overMax != null && (g.waitOverMax == null || overMax > g.waitOverMax)) {
            g.waitOverMax = overMax;
        }
        g.wait = StatisticsMerge.add(g.wait, row.getArrayOfIntegers("wait_hist"));
        g.service = StatisticsMerge.add(g.service, row.getArrayOfIntegers("service_hist"));
    }

    private static final String OFFICE_NAMES = "SELECT id, name FROM office WHERE id = ANY ($1)";
    private static final String AGENCY_NAMES = "SELECT code, name FROM agency WHERE code = ANY ($1)";
    private static final String SERVICE_NAMES =
            "SELECT agency_code, code, name FROM agency_service WHERE agency_code = ANY ($1)";

    /** The display names of the merged keys' offices, agencies and (with their agency) services, for the CSV. */
    private static Uni<Function<Key, Names>> names(SqlConnection c, StatisticsMerge merge,
            List<Dimension> dims) {
        List<Key> keys = merge.keys();
        String[] offices = keys.stream().map(Key::office).filter(Objects::nonNull).distinct()
                .toArray(String[]::new);
        String[] agencies = keys.stream().map(Key::agency).filter(Objects::nonNull).distinct()
                .toArray(String[]::new);
        boolean services = dims.contains(Dimension.SERVICE) && dims.contains(Dimension.AGENCY);
        Map<String, String> officeNames = new HashMap<>();
        Map<String, String> agencyNames = new HashMap<>();
        Map<List<String>, String> serviceNames = new HashMap<>();
        Uni<Void> read = Uni.createFrom().voidItem();
        if (offices.length > 0) {
            read = read.chain(() -> c.preparedQuery(OFFICE_NAMES).execute(Tuple.of(offices))
                    .invoke(rows -> rows.forEach(r -> officeNames.put(r.getString(0), r.getString(1)))).replaceWithVoid());
        }
        if (agencies.length > 0) {
            read = read.chain(() -> c.preparedQuery(AGENCY_NAMES).execute(Tuple.of(agencies))
                    .invoke(rows -> rows.forEach(r -> agencyNames.put(r.getString(0), r.getString(1)))).replaceWithVoid());
        }
        if (services && agencies.length > 0) {
            read = read.chain(() -> c.preparedQuery(SERVICE_NAMES).execute(Tuple.of(agencies))
                    .invoke(rows -> rows.forEach(r -> serviceNames.put(List.of(r.getString(0), r.getString(1)),
                            r.getString(2)))).replaceWithVoid());
        }
        return read.map(v -> key -> new Names(key.office() == null ? null : officeNames.get(key.office()),
                key.agency() == null ? null : agencyNames.get(key.agency()),
                services && key.agency() != null && key.service() != null
                        ? serviceNames.get(List.of(key.agency(), key.service())) : null));
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
