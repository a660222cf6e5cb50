# shellcheck shell=bash
# Shared by the benchmark scripts in bench/ (sourced, never run): builds, a fresh database, a key pair, servers on
# free ports, readiness, a results file, and cleanup of every process and database on exit, error or interrupt.
#
# Settings (environment):
#   BENCH_PGHOST, BENCH_PGPORT, BENCH_PGUSER   PostgreSQL to use (default 127.0.0.1, 5432, postgres; trust auth)
#   BENCH_SERVER_JAVA_OPTS                     JVM options of every server under test, service and baseline alike
#   BENCH_LOAD_JAVA_OPTS                       JVM options of the load generator
#   BENCH_SERVER_CPUS, BENCH_LOAD_CPUS         pin servers / load generator to CPUs (taskset -c list, e.g. 0-3 and 4-7)
#   BENCH_JFR=1                                record a JFR profile of every server into the run's log directory
#                                              (diagnostics only: profiling changes the figures)
#   BENCH_KEEP_DB=1                            keep the database afterwards (its name is printed)
#   BENCH_STATISTICS=off                       run the service without its statistics upkeep (the visit_stats
#                                              triggers disabled, the metrics reader off): the write path as it was
#                                              before issue 14, to measure what the statistics cost
#   BENCH_ACCESS_LOG=off                       an ablation, never a way to run the service: the access log's
#                                              audit_append replaced in the run's database by a function that writes
#                                              nothing (the statement and its round trip stay), to measure what the
#                                              access log costs the write path

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
LOAD_JAR=$BENCH_DIR/load/target/videomote-load.jar
# BENCH_SERVICE_JAR runs another build of the service (e.g. an earlier commit's, built in a git worktree) against the
# same scenario and baseline: how a change moved the ratios is then measured on one machine, in one sitting.
SERVICE_JAR=${BENCH_SERVICE_JAR:-$REPO_DIR/target/quarkus-app/quarkus-run.jar}
PG_HOST=${BENCH_PGHOST:-127.0.0.1}
PG_PORT=${BENCH_PGPORT:-5432}
PG_USER=${BENCH_PGUSER:-postgres}
# Same heap for the service and the baseline; the heap is touched up front so that RSS growth under load is off-heap
# memory (buffers, native structures) and heap growth is read separately after a full GC.
SERVER_JAVA_OPTS=${BENCH_SERVER_JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch}
LOAD_JAVA_OPTS=${BENCH_LOAD_JAVA_OPTS:--Xms1g -Xmx3g}
ISSUER=https://videomote.bench

_BENCH_PIDS=()
_BENCH_DBS=()
_BENCH_LOGS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# bench_init NAME: the run's stamp, work directory, results file, and the cleanup trap.
bench_init() {
    BENCH_NAME=$1
    STAMP=$(date +%Y%m%d-%H%M%S)
    mkdir -p "$BENCH_DIR/results"
    RESULT_FILE=$BENCH_DIR/results/$BENCH_NAME-$STAMP.txt
    LOG_DIR=$BENCH_DIR/results/$BENCH_NAME-$STAMP.logs
    mkdir -p "$LOG_DIR"
    WORK=$(mktemp -d "/tmp/videomote-bench-$BENCH_NAME.XXXXXX")
    trap _bench_cleanup EXIT
    trap 'log "interrupted"; exit 130' INT
    trap 'log "terminated"; exit 143' TERM
}

_bench_cleanup() {
    local status=$?
    trap - EXIT INT TERM
    set +e
    local i
    for ((i = ${#_BENCH_PIDS[@]} - 1; i >= 0; i--)); do
        stop_process "${_BENCH_PIDS[i]}"
    done
    for db in "${_BENCH_DBS[@]}"; do
        if [[ ${BENCH_KEEP_DB:-0} == 1 ]]; then
            log "keeping database $db"
        else
            _psql -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 \
                || log "could not drop database $db"
        fi
    done
    if ((status != 0)); then
        for f in "${_BENCH_LOGS[@]}"; do
            [[ -s $f ]] && { log "last lines of $f:"; tail -n 20 "$f" >&2; }
        done
    fi
    rm -rf "$WORK"
    exit "$status"
}

# stop_process PID: SIGTERM (graceful shutdown), SIGKILL after 20 s.
stop_process() {
    local pid=$1 waited=0
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    kill -TERM "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null && ((waited < 200)); do
        sleep 0.1
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "process $pid did not stop; killing it"
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    return 0
}

_psql() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

# ensure_tool COMMAND DEBIAN_PACKAGE: installs the package with apt-get if the command is missing.
ensure_tool() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        log "installing $2 (for $1)"
        # A fresh machine may have no package lists yet: update them once if the first try fails.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; } \
            || die "could not install $2"
    else
        die "$1 is missing; install the Debian package $2"
    fi
}

# require_tools: what every benchmark needs (installed with apt-get when missing and running as root).
require_tools() {
    ensure_tool java openjdk-17-jdk-headless
    ensure_tool jcmd openjdk-17-jdk-headless
    ensure_tool psql postgresql-client
    ensure_tool pg_isready postgresql-client
    ensure_tool pgbench postgresql-client
    ensure_tool curl curl
    ensure_tool ss iproute2
    if [[ -n ${BENCH_SERVER_CPUS:-}${BENCH_LOAD_CPUS:-} ]]; then
        ensure_tool taskset util-linux
    fi
}

# raise_nofile N: at least N open files for this shell and everything it starts (servers and load generator).
raise_nofile() {
    local need=$1
    if (($(ulimit -n) < need)); then
        ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    fi
    (($(ulimit -n) >= need)) || die "need $need open files, the limit is $(ulimit -n) (hard $(ulimit -Hn)); run as root"
}

# newer_than TARGET PATHS...: true if TARGET is missing or any file under PATHS is newer.
_stale() {
    local target=$1
    shift
    [[ ! -f $target ]] && return 0
    [[ -n $(find "$@" -newer "$target" -type f -print -quit 2>/dev/null) ]]
}

# build_service: target/quarkus-app/quarkus-run.jar, built if missing or older than the sources.
build_service() {
    if [[ -n ${BENCH_SERVICE_JAR:-} ]]; then
        [[ -f $SERVICE_JAR ]] || die "BENCH_SERVICE_JAR=$SERVICE_JAR does not exist"
        return 0
    fi
    if _stale "$SERVICE_JAR" "$REPO_DIR/src/main" "$REPO_DIR/pom.xml"; then
        log "building the service (./mvnw package -DskipTests)"
        (cd "$REPO_DIR" && ./mvnw -q -B package -DskipTests) || die "service build failed"
    fi
}

# build_load: bench/load/target/videomote-load.jar, built if missing or older than its sources.
build_load() {
    if _stale "$LOAD_JAR" "$BENCH_DIR/load/src" "$BENCH_DIR/load/pom.xml"; then
        log "building the load generator (./mvnw -f bench/load/pom.xml package)"
        (cd "$REPO_DIR" && ./mvnw -q -B -f bench/load/pom.xml package) || die "load generator build failed"
    fi
}

# create_db: a fresh, empty database (dropped on exit); its name in DB.
create_db() {
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" || die "no PostgreSQL on $PG_HOST:$PG_PORT"
    DB=videomote_bench_${STAMP//-/_}_$RANDOM
    _psql -d postgres -c "CREATE DATABASE \"$DB\"" >/dev/null || die "cannot create database $DB"
    _BENCH_DBS+=("$DB")
    log "database $DB"
}

# make_keys: a fresh RSA key pair for the run in $WORK/keys (public.pem for the service, private.pem for tokens).
make_keys() {
    KEYS=$WORK/keys
    java -jar "$LOAD_JAR" keys --dir "$KEYS" || die "cannot generate keys"
}

# free_port: a TCP port nobody listens on, below the ephemeral range so client sockets never collide with it.
free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 12000))
        if [[ -z $(ss -Hltn "sport = :$port") ]]; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

# start_java NAME ARGS...: starts java ARGS in the background with the server JVM options; pid in STARTED_PID.
start_java() {
    local name=$1
    shift
    local logfile=$LOG_DIR/$name.log
    local pin=() jfr=()
    [[ -n ${BENCH_SERVER_CPUS:-} ]] && pin=(taskset -c "$BENCH_SERVER_CPUS")
    [[ ${BENCH_JFR:-0} == 1 ]] && jfr=("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$LOG_DIR/$name.jfr")
    # shellcheck disable=SC2086
    "${pin[@]}" java $SERVER_JAVA_OPTS "${jfr[@]}" "$@" >>"$logfile" 2>&1 &
    STARTED_PID=$!
    _BENCH_PIDS+=("$STARTED_PID")
    _BENCH_LOGS+=("$logfile")
}

# start_service PORT [NAME]: the packaged service in production mode on the run's database and keys (fresh
# personal-number keys per run: nothing a benchmark writes outlives it); pid in SERVICE_PID, log NAME.log.
start_service() {
    local port=$1 name=${2:-service}
    _STATISTICS_OPTS=()
    [[ ${BENCH_STATISTICS:-on} == off ]] && _STATISTICS_OPTS=(-Dvideomote.statistics.metrics-every=off)
    # Made at the first start and kept for every instance of the run (a row one instance encrypts, another reads).
    : "${PRIVACY_KEY:=$(head -c 32 /dev/urandom | base64)}" "${LOOKUP_KEY:=$(head -c 32 /dev/urandom | base64)}"
    start_java "$name" \
        -Dquarkus.http.port="$port" \
        -Dquarkus.datasource.reactive.url="postgresql://$PG_HOST:$PG_PORT/$DB" \
        -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" \
        -Dquarkus.datasource.username="$PG_USER" \
        -Dmp.jwt.verify.publickey.location="file:$KEYS/public.pem" \
        -Dmp.jwt.verify.issuer="$ISSUER" \
        -Dvideomote.privacy.encryption-keys="bench:$PRIVACY_KEY" \
        -Dvideomote.privacy.encryption-key-id=bench \
        -Dvideomote.privacy.lookup-key="$LOOKUP_KEY" \
        "${_STATISTICS_OPTS[@]}" \
        -jar "$SERVICE_JAR"
    SERVICE_PID=$STARTED_PID
    SERVICE_URL=http://127.0.0.1:$port
}

# wait_ready NAME URL PID [SECONDS]: until URL answers 200; fails early if the process died.
wait_ready() {
    local name=$1 url=$2 pid=$3 limit=${4:-120} start=$SECONDS
    until curl -fsS -o /dev/null "$url" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || die "$name exited before it was ready"
        ((SECONDS - start < limit)) || die "$name not ready after $limit s"
        sleep 0.25
    done
    log "$name ready ($url, pid $pid)"
}

# run_load COMMAND ARGS...: the load generator, its tables also appended to the results file. It runs in the
# background and is waited for, so that an interrupt reaches the cleanup at once; returns its exit status.
run_load() {
    local pin=()
    [[ -n ${BENCH_LOAD_CPUS:-} ]] && pin=(taskset -c "$BENCH_LOAD_CPUS")
    # shellcheck disable=SC2086
    "${pin[@]}" java $LOAD_JAVA_OPTS -jar "$LOAD_JAR" "$@" --results "$RESULT_FILE" &
    local pid=$!
    _BENCH_PIDS+=("$pid")
    local status=0
    wait "$pid" || status=$?
    return "$status"
}

# run_header: what was measured, on what, under which load; the first lines of every results file.
run_header() {
    local commit dirty=""
    commit=$(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)
    [[ -n $(git -C "$REPO_DIR" status --porcelain -- src pom.xml 2>/dev/null) ]] && dirty=" (service sources modified)"
    echo "# videomote benchmark: $BENCH_NAME, $(date -Iseconds)"
    [[ -n ${BENCH_SERVICE_JAR:-} ]] && echo "# service: $SERVICE_JAR (BENCH_SERVICE_JAR), not this checkout's build"
    echo "# commit $commit$dirty; $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# $(java -version 2>&1 | head -n 1); server JVM options: $SERVER_JAVA_OPTS; load generator: $LOAD_JAVA_OPTS"
    local profiling=""
    [[ ${BENCH_JFR:-0} == 1 ]] && profiling="; JFR profiling on (figures are diagnostics only)"
    echo "# CPUs: servers ${BENCH_SERVER_CPUS:-any}, load generator ${BENCH_LOAD_CPUS:-any}$profiling"
    [[ ${BENCH_STATISTICS:-on} == off ]] &&
        echo "# BENCH_STATISTICS=off: visit_stats triggers disabled, statistics metrics reader off (the write path before issue 14)"
    [[ ${BENCH_ACCESS_LOG:-on} == off ]] &&
        echo "# BENCH_ACCESS_LOG=off: audit_append writes nothing (an ablation: what the access log costs)"
    echo "# $(_psql -d "$DB" -Atc "SELECT split_part(version(), ' on ', 1) || '; synchronous_commit=' || current_setting('synchronous_commit') || ', fsync=' || current_setting('fsync')")"
}

# statistics_off: with BENCH_STATISTICS=off, disables the rollup triggers once Flyway has created them.
statistics_off() {
    [[ ${BENCH_STATISTICS:-on} == off ]] || return 0
    _psql -d "$DB" -c "ALTER TABLE visit DISABLE TRIGGER visit_stats_insert, DISABLE TRIGGER visit_stats_update" >/dev/null
    log "statistics upkeep off: visit_stats triggers disabled, metrics reader off"
}

# access_log_off: with BENCH_ACCESS_LOG=off, replaces audit_append (same signature, so the service's statement and
# its round trip stay) by a function that writes nothing, once Flyway has created it. The run's access log stays
# empty: its figures show what appending to the log costs, nothing else.
access_log_off() {
    [[ ${BENCH_ACCESS_LOG:-on} == off ]] || return 0
    _psql -d "$DB" -c "CREATE OR REPLACE FUNCTION audit_append(p_chain text[], p_actor text[], p_role text[],
        p_action text[], p_resource text[], p_resource_id uuid[]) RETURNS integer LANGUAGE sql
        AS 'SELECT cardinality(p_chain)'" >/dev/null
    log "access log off: audit_append writes nothing"
}

# run_footer: the machine's load at the end, to judge how noisy the figures are.
run_footer() {
    echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# run_against_service NAME ARGS...: the whole run of a benchmark that measures one service instance against pgbench
# on the same database (booking, queue): build, a fresh database and keys, the service, then the load generator's
# scenario NAME with ARGS. Exits with the scenario's status.
run_against_service() {
    local name=$1
    shift
    bench_init "$name"
    require_tools
    raise_nofile 4096

    build_service
    build_load
    create_db
    make_keys

    start_service "$(free_port)"
    wait_ready service "$SERVICE_URL/q/health/ready" "$SERVICE_PID"
    statistics_off
    access_log_off

    run_header | tee "$RESULT_FILE"
    local status=0
    run_load "$name" \
        --service "$SERVICE_URL" --keys "$KEYS" --issuer "$ISSUER" \
        --db "$DB" --pg-host "$PG_HOST" --pg-port "$PG_PORT" --pg-user "$PG_USER" \
        --quarkus-app "$(dirname "$SERVICE_JAR")" --log-dir "$LOG_DIR" --service-pid "$SERVICE_PID" \
        "$@" || status=$?
    run_footer | tee -a "$RESULT_FILE"
    log "results: $RESULT_FILE (server logs and pgbench scripts in $LOG_DIR)"
    exit "$status"
}

# start_rolling_load URL ARGS...: the rolling scenario against URL in the background (pid in LOAD_PID), its output
# shown as it comes; returns once the load runs (bench/rolling.sh, bench/failover.sh).
start_rolling_load() {
    local url=$1 out=$WORK/load.out
    shift
    java $LOAD_JAVA_OPTS -jar "$LOAD_JAR" rolling --service "$url" --keys "$KEYS" --issuer "$ISSUER" "$@" \
        --results "$RESULT_FILE" >"$out" 2>&1 &
    LOAD_PID=$!
    _BENCH_PIDS+=("$LOAD_PID")
    tail -f "$out" --pid "$LOAD_PID" &
    until grep -q '^\[rolling\] load running' "$out"; do
        kill -0 "$LOAD_PID" 2>/dev/null || die "the load generator stopped before the load ran"
        sleep 0.5
    done
}
