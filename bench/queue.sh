#!/usr/bin/env bash
# Issue 4's queue benchmark: issue + next + start + complete cycles per second over 50 offices, and "next" against one
# office with a deep backlog (100,000+ waiting) compared with a short line, each against pgbench running the service's
# own statements (read from the service jar) on the same database in the same run. See bench/README.md.
#
#   bench/queue.sh [--clients 32] [--offices 50] [--rooms 2] [--warmup 10] [--duration 30] [--backlog 100000]
#                  [--short 64] [--parts cycle,deep]
#
# Prints a results table and writes it to bench/results/queue-<timestamp>.txt (server logs, pgbench scripts and
# their per-statement latencies next to it).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
for arg in "$@"; do
    case $arg in -h | --help) usage; exit 0 ;; esac
done

bench_init queue
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
run_load queue \
    --service "$SERVICE_URL" --keys "$KEYS" --issuer "$ISSUER" \
    --db "$DB" --pg-host "$PG_HOST" --pg-port "$PG_PORT" --pg-user "$PG_USER" \
    --quarkus-app "$REPO_DIR/target/quarkus-app" --log-dir "$LOG_DIR" \
    "$@" || status=$?
run_footer | tee -a "$RESULT_FILE"
log "results: $RESULT_FILE (server logs and pgbench scripts in $LOG_DIR)"
exit "$status"
