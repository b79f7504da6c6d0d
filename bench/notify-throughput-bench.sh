#!/usr/bin/env bash
# Outbox throughput with a slow receiver (2 s per request) and the scheduler's lag with and without it.
# Only 127.0.0.1 is contacted; bounded by EVENTS.
#   bench/notify-throughput-bench.sh [EVENTS=1000] [CHANNELS=8] [CHECKS=1000]
set -euo pipefail
EVENTS="${1:-1000}"
CHANNELS="${2:-8}"
CHECKS="${3:-1000}"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
start_vigil notify-throughput VIGIL_EGRESS_ALLOWED_NETWORKS=127.0.0.0/8
python3 "$HERE/notify_throughput.py" --email "$BENCH_EMAIL" --password "$BENCH_PASSWORD" \
  --events "$EVENTS" --channels "$CHANNELS" --checks "$CHECKS"
