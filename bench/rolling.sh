#!/usr/bin/env bash
# Issue 16's rolling restart: 3 instances of the packaged service behind HAProxy (health checks on
# /q/health/ready), steady load through HAProxy (desks issuing tickets, officers calling, starting and completing
# visits, live display and desk clients that resume with ?after), and every instance restarted in turn with SIGTERM,
# as Kubernetes does. The load generator reports failed requests, how long live clients were without a connection,
# and every event lost or repeated. See bench/README.md.
#
#   bench/rolling.sh [--duration 90] [--offices 4] [--officers 8] [--desks 4] [--displays 25] [--pause 8]
#
# --pause: seconds between one instance being ready again and the next one's SIGTERM.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

pause=8
load_args=()
while (($#)); do
    case $1 in
        -h | --help) usage; exit 0 ;;
        --pause) pause=$2; shift 2 ;;
        *) load_args+=("$1"); shift ;;
    esac
done

bench_init rolling
require_tools
ensure_tool haproxy haproxy
raise_nofile 16384
build_service
build_load
create_db
make_keys

# The instance reports not ready for this long after SIGTERM before it stops taking requests: longer than the load
# balancer needs to notice (two checks 500 ms apart), as Kubernetes' preStop covers endpoint removal.
export QUARKUS_SHUTDOWN_DELAY=${QUARKUS_SHUTDOWN_DELAY:-2s}
ports=("$(free_port)" "$(free_port)" "$(free_port)")
declare -A pids
start_instance() {
    local i=$1
    start_service "${ports[i]}" "instance-$i"
    pids[$i]=$SERVICE_PID
}
for i in 0 1 2; do
    start_instance "$i"
done
for i in 0 1 2; do
    wait_ready "instance $i" "http://127.0.0.1:${ports[i]}/q/health/ready" "${pids[$i]}"
done

lb_port=$(free_port)
cat >"$WORK/haproxy.cfg" <<EOF
global
    maxconn 5000
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    # Only a connection that could not be made is tried on another server: a request that reached an instance is
    # never sent twice.
    retries 3
    option redispatch
frontend videomote
    bind 127.0.0.1:$lb_port
    default_backend instances
backend instances
    balance roundrobin
    option httpchk GET /q/health/ready
    http-check expect status 200
    # A check may be slow while an instance starts next to the others on few cores: two failed checks in a row, each
    # allowed 3 s, take a server out; a stopping instance answers 503 at once, so it is out within about 1 s.
    timeout check 3s
    default-server inter 500ms fall 2 rise 2
    server i0 127.0.0.1:${ports[0]} check
    server i1 127.0.0.1:${ports[1]} check
    server i2 127.0.0.1:${ports[2]} check
EOF
haproxy -f "$WORK/haproxy.cfg" -db >"$LOG_DIR/haproxy.log" 2>&1 &
_BENCH_PIDS+=("$!")
wait_ready haproxy "http://127.0.0.1:$lb_port/q/health/ready" "$!"

run_header | tee "$RESULT_FILE"
start_rolling_load "http://127.0.0.1:$lb_port" "${load_args[@]}"

sleep "$pause"
for i in 0 1 2; do
    start=$SECONDS
    log "SIGTERM to instance $i (pid ${pids[$i]})"
    kill -TERM "${pids[$i]}"
    while kill -0 "${pids[$i]}" 2>/dev/null; do sleep 0.1; done
    log "instance $i stopped after $((SECONDS - start)) s; starting it again"
    start_instance "$i"
    wait_ready "instance $i" "http://127.0.0.1:${ports[i]}/q/health/ready" "${pids[$i]}"
    sleep "$pause"
done
log "every instance restarted; the load runs to its end"
status=0
wait "$LOAD_PID" || status=$?
sleep 0.5
run_footer | tee -a "$RESULT_FILE"
log "results: $RESULT_FILE (instance and HAProxy logs in $LOG_DIR)"
exit "$status"
