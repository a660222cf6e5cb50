#!/usr/bin/env bash
# Issue 16's database failover: a PostgreSQL primary with a synchronous streaming replica (two private clusters),
# reached by the service through one address (HAProxy in TCP mode, as CloudNativePG's -rw Service), 2 instances of
# the service behind HAProxy, and the load of bench/rolling.sh (tickets, next/start/complete, bookings, live
# clients). Under load the primary is killed and the replica promoted; later the new primary is stopped for 10 s and
# started again. Reports failed requests (a 503 within 5 s is the expected answer while the database is away; a
# 500, a hang or an error is a failure), live clients' gaps, and every acknowledged write missing afterwards.
#
#   bench/failover.sh [--duration 75] [--displays 25] [--pause 10] [rolling scenario options]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }

pause=10
load_args=()
duration_given=false
while (($#)); do
    case $1 in
        -h | --help) usage; exit 0 ;;
        --pause) pause=$2; shift 2 ;;
        --duration) duration_given=true; load_args+=("$1" "$2"); shift 2 ;;
        *) load_args+=("$1"); shift ;;
    esac
done
$duration_given || load_args+=(--duration 75)

bench_init failover
require_tools
ensure_tool haproxy haproxy
raise_nofile 16384
build_service
build_load
make_keys

pg_bin=$(pg_config --bindir 2>/dev/null || true)
[[ -x $pg_bin/pg_ctl ]] || pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
[[ -x $pg_bin/pg_ctl ]] || die "no PostgreSQL server binaries (pg_ctl) found"
as_pg=()
if [[ $(id -u) == 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    as_pg=(runuser -u postgres --)
fi
pg() { "${as_pg[@]}" "$pg_bin/$@"; }

pgdir=$WORK/pg
mkdir -p "$pgdir"
touch "$LOG_DIR/primary.log" "$LOG_DIR/replica.log"
if [[ ${#as_pg[@]} -gt 0 ]]; then
    chown postgres "$pgdir" "$LOG_DIR/primary.log" "$LOG_DIR/replica.log"
    chmod 755 "$WORK"
fi
primary_port=$(free_port)
replica_port=$(free_port)
pg initdb -D "$pgdir/primary" -U postgres --auth=trust >"$LOG_DIR/initdb.log" 2>&1
cat >>"$pgdir/primary/postgresql.auto.conf" <<EOF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pgdir'
wal_level = replica
max_wal_senders = 5
hot_standby = on
synchronous_standby_names = 'replica'
synchronous_commit = on
EOF
pg pg_ctl -D "$pgdir/primary" -l "$LOG_DIR/primary.log" -w start >/dev/null
_BENCH_PIDS+=("$(head -n 1 "$pgdir/primary/postmaster.pid")")
pg pg_basebackup -h 127.0.0.1 -p "$primary_port" -U postgres -D "$pgdir/replica" -X stream -R >/dev/null
cat >>"$pgdir/replica/postgresql.auto.conf" <<EOF
port = $replica_port
primary_conninfo = 'host=127.0.0.1 port=$primary_port user=postgres application_name=replica'
EOF
pg pg_ctl -D "$pgdir/replica" -l "$LOG_DIR/replica.log" -w start >/dev/null
_BENCH_PIDS+=("$(head -n 1 "$pgdir/replica/postmaster.pid")")
until [[ $(psql -h 127.0.0.1 -p "$primary_port" -U postgres -Atc \
    "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replica'") == sync ]]; do
    sleep 0.2
done
log "primary :$primary_port with a synchronous replica :$replica_port"

db_port=$(free_port)
lb_port=$(free_port)
ports=("$(free_port)" "$(free_port)")
cat >"$WORK/haproxy.cfg" <<EOF
global
    maxconn 5000
defaults
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout check 3s
# The database's one address: the primary while it is up, else the promoted replica.
listen postgres
    mode tcp
    bind 127.0.0.1:$db_port
    option pgsql-check user postgres
    # A refused connection fails at once (no retries, each 1 s apart), so the service answers 503 at once; never
    # redispatched to the standby before it is promoted, where writes would fail as read-only.
    retries 0
    default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
    server primary 127.0.0.1:$primary_port check
    server replica 127.0.0.1:$replica_port check backup
frontend videomote
    mode http
    bind 127.0.0.1:$lb_port
    default_backend instances
backend instances
    mode http
    retries 3
    option redispatch
    option httpchk GET /q/health/ready
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
    server i0 127.0.0.1:${ports[0]} check
    server i1 127.0.0.1:${ports[1]} check
EOF
haproxy -f "$WORK/haproxy.cfg" -db >"$LOG_DIR/haproxy.log" 2>&1 &
_BENCH_PIDS+=("$!")
until pg_isready -q -h 127.0.0.1 -p "$db_port"; do sleep 0.2; done

PG_HOST=127.0.0.1
PG_PORT=$db_port
DB=videomote
psql -h 127.0.0.1 -p "$db_port" -U postgres -qc "CREATE DATABASE videomote"
declare -A pids
for i in 0 1; do
    start_service "${ports[i]}" "instance-$i"
    pids[$i]=$SERVICE_PID
done
for i in 0 1; do
    wait_ready "instance $i" "http://127.0.0.1:${ports[i]}/q/health/ready" "${pids[$i]}"
done
until curl -fsS -o /dev/null "http://127.0.0.1:$lb_port/q/health/ready" 2>/dev/null; do sleep 0.2; done

run_header | tee "$RESULT_FILE"
acked=$WORK/acked.txt
start_rolling_load "http://127.0.0.1:$lb_port" --outage true --acked "$acked" "${load_args[@]}"

sleep "$pause"
log "failover: the primary is killed (immediate stop), the replica promoted"
pg pg_ctl -D "$pgdir/primary" -m immediate stop >/dev/null
pg pg_ctl -D "$pgdir/replica" -w promote >/dev/null
# Alone now: the new primary must not wait for a synchronous standby it no longer has.
psql -h 127.0.0.1 -p "$replica_port" -U postgres -qc "ALTER SYSTEM SET synchronous_standby_names = ''" \
    -c "SELECT pg_reload_conf()" >/dev/null
log "promoted"
sleep "$pause"
log "the database is stopped for 10 s"
pg pg_ctl -D "$pgdir/replica" -m fast stop >/dev/null
sleep 10
pg pg_ctl -D "$pgdir/replica" -l "$LOG_DIR/replica.log" -w start >/dev/null
_BENCH_PIDS+=("$(head -n 1 "$pgdir/replica/postmaster.pid")")
log "the database is back"
status=0
wait "$LOAD_PID" || status=$?

# Every write answered 201 must be in the database that survived.
missing=0
for kind in ticket booking; do
    table=visit
    [[ $kind == booking ]] && table=booking
    ids=$(awk -v k="$kind" '$1 == k { printf "%s%s", sep, $2; sep = "," }' "$acked")
    n=$(psql -h 127.0.0.1 -p "$replica_port" -U postgres -d videomote -Atc \
        "SELECT count(*) FROM unnest('{$ids}'::uuid[]) AS a (id) WHERE NOT EXISTS (SELECT 1 FROM $table t WHERE t.id = a.id)")
    missing=$((missing + n))
done
{
    echo "== acknowledged writes (201) missing from the database after the failover: $missing of $(wc -l <"$acked")"
    for i in 0 1; do
        echo "instance $i: readiness reported DOWN $(grep -c 'Reporting health down' "$LOG_DIR/instance-$i.log" || true) times," \
            "ERROR lines $(grep -c ' ERROR ' "$LOG_DIR/instance-$i.log" || true), still running: $(kill -0 "${pids[$i]}" 2>/dev/null && echo yes || echo no)"
    done
} | tee -a "$RESULT_FILE"
((missing == 0)) || status=1
for i in 0 1; do stop_process "${pids[$i]}" || true; done
pg pg_ctl -D "$pgdir/replica" -m fast stop >/dev/null 2>&1 || true
run_footer | tee -a "$RESULT_FILE"
log "results: $RESULT_FILE (instance, PostgreSQL and HAProxy logs in $LOG_DIR)"
exit "$status"
