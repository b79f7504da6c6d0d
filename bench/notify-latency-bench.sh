#!/usr/bin/env bash
# Failure -> signed webhook: p50/p99 over OUTAGES outages (default 20), interval 10 s, failureThreshold 2, with the
# detection part and the notification part (incident recorded -> webhook verified at a local receiver) apart.
# Goal: webhook within detection time + 1 s. Only 127.0.0.1 is contacted; bounded.
# Outages are spread over 10 checks (2 each): more on one check within 21 evaluations would be flapping, whose
# outages are deliberately not announced one by one.
#   bench/notify-latency-bench.sh [OUTAGES=20] [INTERVAL=10] [THRESHOLD=2]
set -euo pipefail
OUTAGES="${1:-20}"
INTERVAL="${2:-10}"
THRESHOLD="${3:-2}"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
start_vigil notify VIGIL_PROBE_ALLOWED_NETWORKS=127.0.0.0/8
python3 "$HERE/detection.py" --email "$BENCH_EMAIL" --password "$BENCH_PASSWORD" \
  --outages "$OUTAGES" --interval "$INTERVAL" --threshold "$THRESHOLD" --parallel 10 --webhook
