#!/usr/bin/env bash
# Issue 14's statistics benchmark: seeds years of visits with their transitions for many offices in bulk with SQL
# (generate_series, the rollup trigger disabled), builds the rollups with visit_stats_rebuild(), then measures p50/p99
# of (a) a national calendar year grouped by office,agency and (b) one office's month grouped by day,hour through the
# service's HTTP API, against the same aggregate by plain SQL over the raw tables (visit, visit_transition) in the
# same run, and prints the ratio. Also (a') a national year not aligned to the calendar (month and day tiles). The
# answers of (b) are checked against the plain SQL row by row. See bench/README.md.
#
#   bench/statistics.sh [--offices 140] [--days 730] [--per-day 24] [--requests 40] [--sql-requests 5]
#
# The plain SQL over the raw tables takes seconds per national year, so it runs fewer times (--sql-requests).
#
# Full scale (the defaults) is 140 offices x 730 days x 24 visits = 2.45 million visits, about 8.8 million
# transitions. Prints a results table and writes it to bench/results/statistics-<timestamp>.txt.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OFFICES=140
DAYS=730
PER_DAY=24
REQUESTS=40
SQL_REQUESTS=5
while (($#)); do
    case $1 in
        --offices) OFFICES=$2; shift 2 ;;
        --days) DAYS=$2; shift 2 ;;
        --per-day) PER_DAY=$2; shift 2 ;;
        --requests) REQUESTS=$2; shift 2 ;;
        --sql-requests) SQL_REQUESTS=$2; shift 2 ;;
        -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument $1" ;;
    esac
done
FIRST_DAY=2024-01-01

bench_init statistics
require_tools
ensure_tool jq jq
ensure_tool openssl openssl
build_service
create_db

# A key pair and an admin token, signed with openssl (RS256).
KEYS=$WORK/keys
mkdir -p "$KEYS"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/private.pem" 2>/dev/null
openssl pkey -in "$KEYS/private.pem" -pubout -out "$KEYS/public.pem"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","aud":"videomote","sub":"bench-admin","upn":"bench-admin","groups":["admin"],"iat":%d,"exp":%d}' \
    "$ISSUER" "$now" $((now + 7200)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$KEYS/private.pem" -binary | b64url)
TOKEN=$header.$payload.$signature

start_service "$(free_port)"
wait_ready service "$SERVICE_URL/q/health/ready" "$SERVICE_PID"
run_header | tee "$RESULT_FILE"

log "seeding $OFFICES offices x $DAYS days x $PER_DAY visits (trigger disabled, rollups rebuilt afterwards)"
seed_start=$SECONDS
_psql -d "$DB" <<SQL
INSERT INTO agency (code, name, ticket_prefix)
SELECT 'agency-' || a, 'Myndighet ' || a, chr(64 + a) FROM generate_series(1, 6) a;
INSERT INTO agency_service (agency_code, code, name, duration_minutes)
SELECT 'agency-' || a, 'svc-' || s, 'Ärende ' || s, 30 FROM generate_series(1, 6) a, generate_series(1, 3) s;
INSERT INTO office (id, name, municipality, kind)
SELECT 'office-' || o, 'Servicekontor ' || o, 'Kommun ' || o, 'FIXED' FROM generate_series(1, $OFFICES) o;
INSERT INTO office_agency SELECT 'office-' || o, 'agency-' || a FROM generate_series(1, $OFFICES) o, generate_series(1, 6) a;
INSERT INTO office_opening_hours SELECT 'office-' || o, d, '09:00', '17:00' FROM generate_series(1, $OFFICES) o, generate_series(1, 5) d;

ALTER TABLE visit DISABLE TRIGGER visit_stats_insert;
-- Each visit: office o, day d, number n; agency and service from a hash; waits exponential (mean ~12 min), service
-- 5-45 min; 80 % completed, 8 % no-show, 7 % cancelled while waiting, 5 % transferred then completed; 3 % interpreter.
CREATE TEMP TABLE seed AS
SELECT o, d, n, r1, r2, r3, r4, ('$FIRST_DAY'::date + d) AS day,
       (('$FIRST_DAY'::date + d) + time '09:00' + make_interval(secs => r1 * 8 * 3600)) AT TIME ZONE 'Europe/Stockholm' AS arrived
  FROM (SELECT o, d, n, random() AS r1, random() AS r2, random() AS r3, random() AS r4
          FROM generate_series(1, $OFFICES) o, generate_series(0, $DAYS - 1) d, generate_series(1, $PER_DAY) n) r;
INSERT INTO visit (id, office_id, agency_code, service_code, ticket, ticket_agency, ticket_day, ticket_number, language,
                   interpreter, status, queued_at, rank_at, called_at, started_at, ended_at, created_by, created_at,
                   updated_at)
SELECT gen_random_uuid(), 'office-' || o, 'agency-' || (1 + (n + o) % 6), 'svc-' || (1 + (n * 7 + d) % 3),
       'A' || n, 'agency-' || (1 + (n + o) % 6), day, n,
       CASE WHEN r4 < 0.03 THEN 'ar' END, r4 < 0.03,
       CASE WHEN r2 < 0.08 THEN 'NO_SHOW' WHEN r2 < 0.15 THEN 'CANCELLED' ELSE 'COMPLETED' END,
       arrived, arrived,
       CASE WHEN r2 >= 0.08 AND r2 < 0.15 THEN NULL ELSE arrived + make_interval(secs => -ln(1 - r3 * 0.999) * 720) END,
       CASE WHEN r2 >= 0.15 THEN arrived + make_interval(secs => -ln(1 - r3 * 0.999) * 720 + 60) END,
       CASE WHEN r2 < 0.08 THEN arrived + make_interval(secs => -ln(1 - r3 * 0.999) * 720 + 300)
            WHEN r2 < 0.15 THEN arrived + make_interval(secs => 600)
            ELSE arrived + make_interval(secs => -ln(1 - r3 * 0.999) * 720 + 60 + 300 + r1 * 2400) END,
       'bench', arrived, arrived
  FROM seed;
INSERT INTO visit_transition (visit_id, at, action, from_status, to_status, office_id, agency_code, service_code,
                              from_agency, from_service, actor, actor_role)
SELECT v.id, x.at, x.action, x.from_status, x.to_status, v.office_id, v.agency_code, v.service_code, x.from_agency,
       x.from_service, 'bench', 'desk'
  FROM visit v
 CROSS JOIN LATERAL (VALUES
        (1, v.queued_at, 'ISSUED', NULL, 'WAITING', NULL, NULL, true),
        (2, v.queued_at + interval '30 seconds', 'TRANSFERRED', 'WAITING', 'WAITING',
            'agency-' || (1 + (substr(v.agency_code, 8)::int) % 6), v.service_code,
            v.status = 'COMPLETED' AND abs(hashtext(v.id::text)) % 20 = 0),
        (3, v.called_at, 'CALLED', 'WAITING', 'CALLED', NULL, NULL, v.called_at IS NOT NULL),
        (4, v.started_at, 'STARTED', 'CALLED', 'IN_MEETING', NULL, NULL, v.started_at IS NOT NULL),
        (5, v.ended_at, v.status, CASE v.status WHEN 'COMPLETED' THEN 'IN_MEETING' WHEN 'NO_SHOW' THEN 'CALLED'
                                              ELSE 'WAITING' END, v.status, NULL, NULL, true))
        AS x (step, at, action, from_status, to_status, from_agency, from_service, present)
 WHERE x.present;
ALTER TABLE visit ENABLE TRIGGER visit_stats_insert;
ANALYZE visit;
ANALYZE visit_transition;
SQL
seed_seconds=$((SECONDS - seed_start))
visits=$(_psql -d "$DB" -Atc "SELECT count(*) FROM visit")
transitions=$(_psql -d "$DB" -Atc "SELECT count(*) FROM visit_transition")
log "seeded $visits visits, $transitions transitions in $seed_seconds s; building rollups"
rebuild_start=$SECONDS
rollups=$(_psql -d "$DB" -Atc "SELECT visit_stats_rebuild()")
_psql -d "$DB" -c "ANALYZE visit_stats"
rebuild_seconds=$((SECONDS - rebuild_start))
log "built $rollups rollup rows in $rebuild_seconds s"

YEAR_FROM=$FIRST_DAY
YEAR_TO=$(date -d "$FIRST_DAY + 1 year - 1 day" +%F)
ROLL_FROM=$(date -d "$FIRST_DAY + 14 days" +%F)
ROLL_TO=$(date -d "$ROLL_FROM + 1 year - 1 day" +%F)
LAST_DAY=$(date -d "$FIRST_DAY + $DAYS days - 1 day" +%F)
[[ $ROLL_TO > $LAST_DAY ]] && ROLL_TO=$LAST_DAY
MONTH_FROM=$(date -d "$FIRST_DAY + 1 month" +%F)
MONTH_TO=$(date -d "$MONTH_FROM + 1 month - 1 day" +%F)
OFFICE=office-7

# The plain SQL over the raw tables for one range and grouping: the same counters and percentile_disc over whole minutes.
raw_sql() {
    local from=$1 to=$2 keys=$3 office_filter=$4
    cat <<SQL
WITH v AS (
    SELECT v.*, v.queued_at AT TIME ZONE o.time_zone AS local_at
      FROM visit v JOIN office o ON o.id = v.office_id
     WHERE v.queued_at >= ('$from'::date)::timestamp AT TIME ZONE 'Europe/Stockholm' - interval '1 day'
       AND v.queued_at < ('$to'::date + 2)::timestamp AT TIME ZONE 'Europe/Stockholm' $office_filter
), f AS (
    SELECT v.office_id AS office, v.agency_code AS agency, v.local_at::date AS day,
           extract(hour FROM v.local_at)::int AS hour, v.status, v.interpreter, v.booking_id,
           CASE WHEN v.called_at IS NOT NULL THEN floor(extract(epoch FROM v.called_at - v.queued_at) / 60)::int END AS wait,
           CASE WHEN v.status = 'COMPLETED' THEN floor(extract(epoch FROM v.ended_at - v.started_at) / 60)::int END AS service,
           (SELECT count(*) FROM visit_transition t WHERE t.visit_id = v.id AND t.action = 'TRANSFERRED') AS moves
      FROM v WHERE v.local_at::date BETWEEN '$from' AND '$to'
)
SELECT $keys, count(*) AS visits, count(*) FILTER (WHERE booking_id IS NULL) AS walk_ins,
       count(*) FILTER (WHERE status = 'COMPLETED') AS served, count(*) FILTER (WHERE status = 'NO_SHOW') AS no_shows,
       count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled, sum(moves) AS transferred_in,
       count(*) FILTER (WHERE interpreter) AS interpreter,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY wait) AS wait_p50,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY wait) AS wait_p90, max(wait) AS wait_max,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY service) AS service_p50,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY service) AS service_p90
  FROM f GROUP BY $keys ORDER BY $keys;
SQL
}

# percentiles FILE: p50 and p99 (nearest rank) of the milliseconds in FILE, one per line.
percentiles() {
    sort -n "$1" | awk '{ a[NR] = $1 } END { p50 = a[int((NR * 50 + 99) / 100)]; p99 = a[int((NR * 99 + 99) / 100)];
        printf "%.1f %.1f", p50, p99 }'
}

# measure_api NAME QUERY: REQUESTS timed requests after 3 warm-ups; milliseconds in $WORK/NAME.api
measure_api() {
    local name=$1 query=$2
    for _ in 1 2 3; do curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$SERVICE_URL/api/v1/statistics?$query"; done
    : >"$WORK/$name.api"
    for _ in $(seq 1 "$REQUESTS"); do
        curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
            "$SERVICE_URL/api/v1/statistics?$query" | awk '{ printf "%.3f\n", $1 * 1000 }' >>"$WORK/$name.api"
    done
}

# measure_sql NAME SQL: SQL_REQUESTS runs of SQL in one psql session (1 warm-up); milliseconds in $WORK/NAME.sql
measure_sql() {
    local name=$1 sql=$2
    {
        echo '\o /dev/null'
        echo "$sql"
        echo '\timing on'
        for _ in $(seq 1 "$SQL_REQUESTS"); do echo "$sql"; done
    } | _psql -d "$DB" 2>&1 | awk '/^Time:/ { print $2 }' >"$WORK/$name.sql"
}

log "measuring: $REQUESTS API requests and $SQL_REQUESTS plain SQL runs per query"
measure_api year "from=$YEAR_FROM&to=$YEAR_TO&groupBy=office,agency"
measure_sql year "$(raw_sql "$YEAR_FROM" "$YEAR_TO" "office, agency" "")"
measure_api rolling "from=$ROLL_FROM&to=$ROLL_TO&groupBy=office,agency"
measure_sql rolling "$(raw_sql "$ROLL_FROM" "$ROLL_TO" "office, agency" "")"
measure_api month "from=$MONTH_FROM&to=$MONTH_TO&office=$OFFICE&groupBy=day,hour"
measure_sql month "$(raw_sql "$MONTH_FROM" "$MONTH_TO" "day, hour" "AND v.office_id = '$OFFICE'")"

# Agreement: the month's rows from the API against the plain SQL, field by field (transfers are counted differently:
# the API counts them on the agency left, the plain SQL on the visit, so they are left out of the comparison).
api_rows=$(curl -fsS -H "Authorization: Bearer $TOKEN" \
    "$SERVICE_URL/api/v1/statistics?from=$MONTH_FROM&to=$MONTH_TO&office=$OFFICE&groupBy=day,hour" | jq -r '.rows[] |
    [.key.day, .key.hour, .visits, .walkIns, .served, .noShows, .cancelled, .interpreter, .waitMinutes.p50,
     .waitMinutes.p90, .waitMinutes.max, .serviceMinutes.p50, .serviceMinutes.p90] | map(if . == null then "" else tostring end) | join("|")')
sql_rows=$(_psql -d "$DB" -At -F '|' -c "$(raw_sql "$MONTH_FROM" "$MONTH_TO" "day, hour" "AND v.office_id = '$OFFICE'")" |
    awk -F'|' 'BEGIN { OFS = "|" } { print $1, $2, $3, $4, $5, $6, $7, $9, $10, $11, $12, $13, $14 }')
api_year_visits=$(curl -fsS -H "Authorization: Bearer $TOKEN" \
    "$SERVICE_URL/api/v1/statistics?from=$YEAR_FROM&to=$YEAR_TO&groupBy=office,agency" | jq '[.rows[].visits] | add')
sql_year_visits=$(_psql -d "$DB" -Atc "SELECT count(*) FROM visit v JOIN office o ON o.id = v.office_id
    WHERE (v.queued_at AT TIME ZONE o.time_zone)::date BETWEEN '$YEAR_FROM' AND '$YEAR_TO'")
if [[ $api_rows == "$sql_rows" ]]; then agree="yes ($(wc -l <<<"$api_rows") rows)"; else agree="NO"; fi
[[ $api_year_visits == "$sql_year_visits" ]] && year_agree="yes ($api_year_visits visits)" || year_agree="NO ($api_year_visits vs $sql_year_visits)"

{
    echo
    echo "## statistics: $OFFICES offices x $DAYS days x $PER_DAY visits/day = $visits visits, $transitions transitions"
    echo "# seeded in $seed_seconds s; $rollups rollup rows built in $rebuild_seconds s"
    echo "# API: $REQUESTS measured requests each after 3 warm-ups (curl time_total); plain SQL: $SQL_REQUESTS runs after 1 warm-up (psql \\timing, one session)"
    printf '%-52s %10s %10s %10s %10s %8s\n' query "api p50" "api p99" "sql p50" "sql p99" "p99 x"
    for q in year rolling month; do
        case $q in
            year) label="(a) national year $YEAR_FROM..$YEAR_TO by office,agency" ;;
            rolling) label="(a') national year $ROLL_FROM..$ROLL_TO by office,agency" ;;
            month) label="(b) $OFFICE $MONTH_FROM..$MONTH_TO by day,hour" ;;
        esac
        read -r ap50 ap99 <<<"$(percentiles "$WORK/$q.api")"
        read -r sp50 sp99 <<<"$(percentiles "$WORK/$q.sql")"
        printf '%-52s %8s ms %8s ms %8s ms %8s ms %8s\n' "$label" "$ap50" "$ap99" "$sp50" "$sp99" \
            "$(awk -v a="$ap99" -v s="$sp99" 'BEGIN { printf "%.3f", a / s }')"
    done
    echo "# p99 x = API p99 / plain SQL p99 (below 1: the API over rollups is faster than SQL over the raw rows)"
    echo "# checks: (b) API rows equal plain SQL rows: $agree; (a) visits agree: $year_agree"
    echo "# goal: p99 < 200 ms for (a) and (b)"
    run_footer
} | tee -a "$RESULT_FILE"
log "results: $RESULT_FILE"
[[ $agree == yes* && $year_agree == yes* ]] || die "the API and the plain SQL disagree"
