#!/usr/bin/env bash
# What the estimated waits' service-time quartiles cost a reader, computed from the visits (as every ticket, call and
# completion did before V22) against the row a completion keeps (service_time_now), and what keeping it costs a
# completion (service_time_record). SQL only, by pgbench, on a database migrated with the project's own migrations:
# offices that offer --agencies agencies, each with --recent completed visits of the last 14 days per agency (more
# than the 200 samples a reader takes, as in a busy office) and --history days of older visits, inserted in time order
# across offices as real visits are. The statements are the functions the service calls (V22), with its default
# window (14 days) and limit (200). Alternates the three scripts --rounds times; prints each figure and the ratio of
# the kept row to the computation, and checks first that both give the same answers for every office and agency.
#
#   bench/service-time.sh [--offices 50] [--agencies 6] [--recent 300] [--history 90] [--clients 1] [--seconds 15]
#                         [--rounds 3]
#
# Writes the table to bench/results/service-time-<timestamp>.txt. See bench/README.md.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OFFICES=50
AGENCIES=6
RECENT=300
HISTORY=90
CLIENTS=1
SECONDS_EACH=15
ROUNDS=3
while (($#)); do
    case $1 in
        --offices) OFFICES=$2; shift 2 ;;
        --agencies) AGENCIES=$2; shift 2 ;;
        --recent) RECENT=$2; shift 2 ;;
        --history) HISTORY=$2; shift 2 ;;
        --clients) CLIENTS=$2; shift 2 ;;
        --seconds) SECONDS_EACH=$2; shift 2 ;;
        --rounds) ROUNDS=$2; shift 2 ;;
        -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1" ;;
    esac
done

bench_init service-time
ensure_tool psql postgresql-client
ensure_tool pgbench postgresql-client
create_db

log "migrating $DB with src/main/resources/db/migration"
while read -r migration; do
    _psql -d "$DB" -f "$migration" >/dev/null
done < <(ls "$REPO_DIR"/src/main/resources/db/migration/V*.sql | sort -V)

log "seeding $OFFICES offices x $AGENCIES agencies: $RECENT visits each in the last 14 days, $HISTORY days before"
_psql -d "$DB" >/dev/null <<SQL
INSERT INTO agency (code, name, ticket_prefix)
SELECT 'agency-' || a, 'Myndighet ' || a, chr(64 + a) FROM generate_series(1, $AGENCIES) a;
INSERT INTO agency_service (agency_code, code, name, duration_minutes)
SELECT 'agency-' || a, 'svc-1', 'Ärende', 30 FROM generate_series(1, $AGENCIES) a;
INSERT INTO office (id, name, municipality, kind)
SELECT 'office-' || o, 'Servicekontor ' || o, 'Kommun ' || o, 'FIXED' FROM generate_series(1, $OFFICES) o;
INSERT INTO office_agency SELECT 'office-' || o, 'agency-' || a FROM generate_series(1, $OFFICES) o, generate_series(1, $AGENCIES) a;
-- Completed visits in time order across all offices and agencies: the most recent $RECENT per office and agency in
-- the last 13 days, one as many again per day before that for $HISTORY days. Service times 5-45 minutes.
ALTER TABLE visit DISABLE TRIGGER USER;
INSERT INTO visit (id, office_id, agency_code, service_code, ticket, ticket_agency, ticket_day, ticket_number, status,
                   queued_at, rank_at, created_by, created_at, updated_at, called_at, started_at, ended_at)
SELECT gen_random_uuid(), 'office-' || o, 'agency-' || a, 'svc-1', 'A' || n, 'agency-' || a, ended::date, n,
       'COMPLETED', ended - interval '1 hour', ended - interval '1 hour', 'bench', ended, ended,
       ended - make_interval(mins => 5 + (n * 7 + o) % 41), ended - make_interval(mins => 4), ended
  FROM (SELECT o, a, n,
               now() - make_interval(secs => (n + random()) * CASE WHEN n <= $RECENT THEN 13 * 86400.0 / $RECENT
                                                                   ELSE 86400.0 / greatest($RECENT / 13, 1) END) AS ended
          FROM generate_series(1, $OFFICES) o, generate_series(1, $AGENCIES) a,
               generate_series(1, $RECENT + $HISTORY * greatest($RECENT / 13, 1)) n) s
 ORDER BY s.ended;
ALTER TABLE visit ENABLE TRIGGER USER;
VACUUM ANALYZE;
-- The rows completions keep: one per office and agency, as the last completion there left it.
SELECT count(service_time_record(office_id, agency_code, now() - interval '14 days', 200)) FROM office_agency;
SQL

visits=$(_psql -d "$DB" -Atc "SELECT count(*) FROM visit")
differing=$(_psql -d "$DB" -Atc "
    SELECT count(*) FROM office_agency oa
     WHERE (SELECT (s.samples, s.p25, s.p75) FROM service_time_sample(oa.office_id, oa.agency_code,
                                                                       now() - interval '14 days', 200) s)
           IS DISTINCT FROM
           (SELECT (k.samples, k.p25, k.p75) FROM service_time_now(oa.office_id, oa.agency_code,
                                                                   now() - interval '14 days', 200) k)")
((differing == 0)) || die "the kept rows differ from the computation for $differing offices and agencies"
log "$visits visits; kept rows equal the computation for every office and agency"

# One office's quartiles for all its agencies, as VisitQueries.STATS reads them (one call of the estimate), through
# FUNCTION: service_time_sample (computed from the visits, as before V22) or service_time_now (the kept row).
reader_script() {
    cat <<SQL
\set o random(1, :offices)
SELECT h.* FROM office_agency oa
 CROSS JOIN LATERAL $1(oa.office_id, oa.agency_code, now() - interval '14 days', 200) h
 WHERE oa.office_id = 'office-' || :o;
SQL
}
reader_script service_time_sample > "$WORK/computed.sql"
reader_script service_time_now > "$WORK/kept.sql"
# A completion's upkeep: one office and agency recomputed and kept (in a transaction that is rolled back, so the
# kept rows stay as seeded and the readers' figures do not depend on which script ran last).
cat > "$WORK/record.sql" <<'SQL'
\set o random(1, :offices)
\set a random(1, :agencies)
BEGIN;
SELECT service_time_record('office-' || :o, 'agency-' || :a, now() - interval '14 days', 200);
ROLLBACK;
SQL

# bench SCRIPT: prints "tps latency_ms" of one pgbench run.
bench() {
    pgbench -n -M prepared -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -c "$CLIENTS" -j "$CLIENTS" -T "$SECONDS_EACH" \
        -D offices="$OFFICES" -D agencies="$AGENCIES" -f "$WORK/$1.sql" "$DB" 2>&1 \
        | awk '/^latency average/ {lat = $4} /^tps/ {tps = $3} END {printf "%.0f %.3f\n", tps, lat}'
}

{
    echo "# service-time $(date -Iseconds) on $(hostname): $OFFICES offices x $AGENCIES agencies, $visits visits, clients $CLIENTS, ${SECONDS_EACH}s per run"
    echo "# git $(git -C "$REPO_DIR" rev-parse --short HEAD)$(git -C "$REPO_DIR" diff --quiet || echo '+changes'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-6s %-28s %-28s %-10s %-28s\n' round "computed: tps (ms/call)" "kept: tps (ms/call)" "kept/comp" "record: tps (ms/call)"
} | tee "$RESULT_FILE"
for ((round = 1; round <= ROUNDS; round++)); do
    read -r computed_tps computed_ms < <(bench computed)
    read -r kept_tps kept_ms < <(bench kept)
    read -r record_tps record_ms < <(bench record)
    printf '%-6s %-28s %-28s %-10s %-28s\n' "$round" "$computed_tps ($computed_ms)" "$kept_tps ($kept_ms)" \
        "$(awk -v k="$kept_ms" -v c="$computed_ms" 'BEGIN {printf "%.3fx", k / c}')" \
        "$record_tps ($record_ms)" | tee -a "$RESULT_FILE"
done
echo "# load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULT_FILE"
