-- Two SQL functions on the write path that PostgreSQL could not inline, so it parsed and planned their body at every
-- call (issue 10; pg_stat_statements counted one plan per call, perf a few per cent of PostgreSQL's CPU in a queue
-- cycle). What they compute is unchanged, byte for byte.
--
-- audit_canonical runs once per access-log entry. It was declared IMMUTABLE, but its body is only STABLE (extract()
-- from a timestamptz and the implicit casts of ||), and PostgreSQL inlines a function only when its body is no more
-- volatile than it claims. STABLE is what it is: within a statement it returns the same bytes for the same arguments.
ALTER FUNCTION audit_canonical(text, bigint, timestamptz, text, text, text, text, uuid) STABLE;

-- visit_stats_bin runs in every statistics rollup change. It was STRICT with a body that is not (least() skips NULLs),
-- which also prevents inlining: the NULL answer for a NULL argument is now spelled out instead.
CREATE OR REPLACE FUNCTION visit_stats_bin(minutes integer, cap integer) RETURNS integer
    LANGUAGE sql IMMUTABLE CALLED ON NULL INPUT AS $$
    SELECT CASE WHEN minutes IS NOT NULL AND cap IS NOT NULL THEN least(minutes, cap) END
$$;
