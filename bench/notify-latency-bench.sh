#!/usr/bin/env bash
# Failure -> signed webhook: the detection bench with a signed-webhook receiver (see detection-bench.sh), over
# OUTAGES outages (default 20) on 10 checks (2 each: more on one check within 21 evaluations would be flapping,
# whose outages are deliberately not announced one by one). Goal: webhook within detection time + 1 s.
#   bench/notify-latency-bench.sh [OUTAGES=20] [INTERVAL=10] [THRESHOLD=2]
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/detection-bench.sh" "${1:-20}" "${2:-10}" "${3:-2}" --parallel 10 --webhook
