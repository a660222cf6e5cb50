#!/usr/bin/env bash
# Issue 3's booking benchmark: bookings per second and latency at 32 concurrent clients through POST /api/v1/bookings,
# against pgbench running one equivalent INSERT INTO booking per transaction on the same database in the same run
# (and, as a diagnostic, the service's own booking statements through pgbench). See bench/README.md.
#
#   bench/booking.sh [--clients 32] [--warmup 90] [--duration 30] [--offices 50] [--rooms 2] [--officers 40]
#                    [--days 120] [--diagnostic true] [--statistics true]
#
# Prints a results table and writes it to bench/results/booking-<timestamp>.txt (server logs, pgbench scripts and
# their per-statement latencies next to it).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
for arg in "$@"; do
    case $arg in -h | --help) usage; exit 0 ;; esac
done

run_against_service booking "$@"
