#!/usr/bin/env bash
# Detection latency: target failing -> incident open, p50/p99 over OUTAGES outages (default 20) with interval 10 s
# and failureThreshold 2. Goal: p99 <= interval x threshold + 2 s. Only 127.0.0.1 is contacted; bounded.
#   bench/detection-bench.sh [OUTAGES=20] [INTERVAL=10] [THRESHOLD=2] [more detection.py options]
set -euo pipefail
OUTAGES="${1:-20}"
INTERVAL="${2:-10}"
THRESHOLD="${3:-2}"
shift $(( $# < 3 ? $# : 3 ))
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
start_vigil detect VIGIL_EGRESS_ALLOWED_NETWORKS=127.0.0.0/8
python3 "$HERE/detection.py" --email "$BENCH_EMAIL" --password "$BENCH_PASSWORD" \
  --outages "$OUTAGES" --interval "$INTERVAL" --threshold "$THRESHOLD" "$@"
