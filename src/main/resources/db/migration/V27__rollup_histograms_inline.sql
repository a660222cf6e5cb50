-- The statistics rollup's histograms without a PL/pgSQL call where nothing changes (issue 10).
--
-- Each rollup (visit_stats_sync, three a queue cycle) computes, for each of its four grains, a wait and a service
-- histogram change with visit_stats_hist_delta and adds each to the row's histogram with visit_stats_hist_add: 16
-- PL/pgSQL calls a rollup, 48 a cycle (pg_stat_user_functions), most of them for no change at all. A ticket has no
-- wait and no service time yet, and a completion leaves the wait where the call put it. What they compute is unchanged.
--
-- The change of a histogram is now an SQL expression, which PostgreSQL inlines into the rollup's statement: nothing
-- when the bin it leaves is the bin it enters (or there is neither), else -1 and +1 in a dense array that is as long
-- as the higher bin needs. This differs from before only in leaving out an all-zero array, which added nothing.
CREATE OR REPLACE FUNCTION visit_stats_hist_delta(minus_bin integer, plus_bin integer) RETURNS integer[]
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
               WHEN minus_bin IS NOT DISTINCT FROM plus_bin THEN '{}'::integer[]
               WHEN minus_bin IS NULL THEN array_fill(0, ARRAY[plus_bin]) || 1
               WHEN plus_bin IS NULL THEN array_fill(0, ARRAY[minus_bin]) || -1
               WHEN minus_bin < plus_bin
                   THEN array_fill(0, ARRAY[minus_bin]) || -1 || array_fill(0, ARRAY[plus_bin - minus_bin - 1]) || 1
               ELSE array_fill(0, ARRAY[plus_bin]) || 1 || array_fill(0, ARRAY[minus_bin - plus_bin - 1]) || -1
           END
$$;

-- Adding a change: the bin-by-bin loop (V7's function, renamed) runs only when there is a change to add; the test
-- for that is inlined into the rollup's statement like the change itself.
ALTER FUNCTION visit_stats_hist_add(integer[], integer[]) RENAME TO visit_stats_hist_merge;
CREATE FUNCTION visit_stats_hist_add(h integer[], d integer[]) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN coalesce(cardinality(d), 0) = 0 THEN h ELSE visit_stats_hist_merge(h, d) END
$$;
