#!/usr/bin/env bash
# Issue 4's queue benchmark: issue + next + start + complete cycles per second over 50 offices, and "next" against one
# office with a deep backlog (100,000+ waiting) compared with a short line, each against pgbench running the service's
# own statements (read from the service jar) on the same database in the same run. See bench/README.md.
#
#   bench/queue.sh [--clients 32] [--offices 50] [--rooms 2] [--warmup 90] [--duration 30] [--backlog 100000]
#                  [--short 64] [--parts cycle,deep] [--pgbench true] [--agencies 1]
#
# --pgbench false measures the service alone (no baseline, no ratio): for builds before 2026-12-05, whose statements
# the pgbench script cannot read from their jar, e.g. issue 10's base 16e6d8a through BENCH_SERVICE_JAR.
# --agencies n spreads the cycle's officers and tickets over n agencies (every office offers all): the figure that
# one agency's is compared with (issue 10: no hot-row collapse); the service alone, as with --pgbench false.
#
# Prints a results table and writes it to bench/results/queue-<timestamp>.txt (server logs, pgbench scripts and
# their per-statement latencies next to it).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
for arg in "$@"; do
    case $arg in -h | --help) usage; exit 0 ;; esac
done

run_against_service queue "$@"
