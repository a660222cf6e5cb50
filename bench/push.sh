#!/usr/bin/env bash
# Issue 5's push benchmark: live events to N WebSocket clients, the service against a bare Vert.x broadcast server
# measured in the same run, plus one commit (pgbench) and memory per idle connection. See bench/README.md.
#
#   bench/push.sh [--clients 1000,5000] [--rate 10] [--warmup 5] [--duration 30] [--lanes 16]
#                 [--idle 10000] [--idle-hold 30] [--drain 10] [--connect-concurrency 128] [--source visits|room-status]
#
# Prints a results table and writes it to bench/results/push-<timestamp>.txt (server logs next to it).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }

# Client counts decide how many sockets each process holds; every other option goes to the scenario as it is.
clients=1000,5000
idle=10000
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
        -h | --help) usage; exit 0 ;;
        --clients) clients=${args[i + 1]:-} ;;
        --idle) idle=${args[i + 1]:-} ;;
    esac
done
max_clients=$(tr ',' '\n' <<<"$clients" | sort -n | tail -n 1)
((max_clients > idle)) && sockets=$max_clients || sockets=$idle

bench_init push
require_tools
raise_nofile $((sockets + 4096))

build_service
build_load
create_db
make_keys

service_port=$(free_port)
bare_port=$(free_port)
while [[ $bare_port == "$service_port" ]]; do bare_port=$(free_port); done
start_service "$service_port"
start_java bare -jar "$LOAD_JAR" bare-server --port "$bare_port"
BARE_PID=$STARTED_PID
wait_ready service "$SERVICE_URL/q/health/ready" "$SERVICE_PID"
wait_ready bare "http://127.0.0.1:$bare_port/ready" "$BARE_PID"

run_header | tee "$RESULT_FILE"
status=0
run_load push \
    --service "$SERVICE_URL" --service-pid "$SERVICE_PID" \
    --bare "http://127.0.0.1:$bare_port" --bare-pid "$BARE_PID" \
    --keys "$KEYS" --issuer "$ISSUER" \
    --db "$DB" --pg-host "$PG_HOST" --pg-port "$PG_PORT" --pg-user "$PG_USER" \
    "$@" || status=$?
run_footer | tee -a "$RESULT_FILE"
log "results: $RESULT_FILE (server logs in $LOG_DIR)"
exit "$status"
