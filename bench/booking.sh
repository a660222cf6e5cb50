#!/usr/bin/env bash
# Issue 3's booking benchmark: bookings per second and latency at 32 concurrent clients through POST /api/v1/bookings,
# against pgbench running one equivalent INSERT INTO booking per transaction on the same database in the same run
# (and, as a diagnostic, the service's own booking statements through pgbench). See bench/README.md.
#
#   bench/booking.sh [--clients 32] [--warmup 10] [--duration 30] [--offices 50] [--rooms 2] [--officers 40]
#                    [--days 60] [--diagnostic true]
#
# Prints a results table and writes it to bench/results/booking-<timestamp>.txt (server logs, pgbench scripts and
# their per-statement latencies next to it).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
for arg in "$@"; do
    case $arg in -h | --help) usage; exit 0 ;; esac
done

bench_init booking
require_tools
raise_nofile 4096

build_service
build_load
create_db
make_keys

start_service "$(free_port)"
wait_ready service "$SERVICE_URL/q/health/ready" "$SERVICE_PID"

run_header | tee "$RESULT_FILE"
status=0
run_load booking \
    --service "$SERVICE_URL" --keys "$KEYS" --issuer "$ISSUER" \
    --db "$DB" --pg-host "$PG_HOST" --pg-port "$PG_PORT" --pg-user "$PG_USER" \
    --quarkus-app "$REPO_DIR/target/quarkus-app" --log-dir "$LOG_DIR" \
    "$@" || status=$?
run_footer | tee -a "$RESULT_FILE"
log "results: $RESULT_FILE (server logs and pgbench scripts in $LOG_DIR)"
exit "$status"
