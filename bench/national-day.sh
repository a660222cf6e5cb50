#!/usr/bin/env bash
# Issue 16's national day on one machine: 140 offices x 4 visitor rooms, 6 agencies, 2,000 case officers and 10,000
# live display and desk connections against one instance of the packaged service, a day's walk-ins and bookings
# compressed in time (morning and after-lunch peaks, no-shows, transfers). First the whole day at --compression,
# then the morning peak at each factor of --steps until a goal breaks (next p99 over 100 ms, or the slowest live
# client's push p99 over 1 s): the headroom over a real day. Writes a results file, the day as CSV and a PNG plot
# next to it (copy them to docs/ to publish them). See bench/README.md.
#
#   bench/national-day.sh [--compression 90] [--steps 10,20,40,80] [--step-seconds 30]
#                         [--walk-ins 9000] [--bookings 3000] [--connections 10000] [--officers 2000] ...
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
case ${1:-} in -h | --help) usage; exit 0 ;; esac

bench_init national-day
require_tools
raise_nofile 16384
build_service
build_load
create_db
make_keys

start_service "$(free_port)"
wait_ready service "$SERVICE_URL/q/health/ready" "$SERVICE_PID"
statistics_off

run_header | tee "$RESULT_FILE"
status=0
run_load national-day --service "$SERVICE_URL" --keys "$KEYS" --issuer "$ISSUER" --service-pid "$SERVICE_PID" \
    --csv "${RESULT_FILE%.txt}.csv" --plot "${RESULT_FILE%.txt}.png" "$@" || status=$?
{
    echo "# service log: $(grep -c ' ERROR ' "$LOG_DIR/service.log" || true) ERROR lines," \
        "$(grep -c ' WARN ' "$LOG_DIR/service.log" || true) WARN lines"
    run_footer
} | tee -a "$RESULT_FILE"
log "results: $RESULT_FILE, ${RESULT_FILE%.txt}.csv, ${RESULT_FILE%.txt}.png (service log in $LOG_DIR)"
exit "$status"
