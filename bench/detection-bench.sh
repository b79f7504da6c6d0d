#!/usr/bin/env bash
# Detection latency: target failing -> incident open, p50/p99 over OUTAGES outages (default 20) with interval 10 s
# and failureThreshold 2. Goal: p99 <= interval x threshold + 2 s. Only 127.0.0.1 is contacted; bounded.
#   bench/detection-bench.sh [OUTAGES=20] [INTERVAL=10] [THRESHOLD=2]
set -euo pipefail
OUTAGES="${1:-20}"
INTERVAL="${2:-10}"
THRESHOLD="${3:-2}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUN="$(mktemp -d /tmp/vigil-detect.XXXXXX)"
[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
VIGIL_PID=
cleanup() { [ -n "$VIGIL_PID" ] && kill "$VIGIL_PID" 2>/dev/null && wait "$VIGIL_PID" 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT
VIGIL_DATA_DIR="$RUN/data" VIGIL_ADMIN_EMAIL=bench@example.com VIGIL_ADMIN_PASSWORD=bench-password-1 \
VIGIL_PROBE_ALLOWED_NETWORKS=127.0.0.0/8 VIGIL_CHECKS_MIN_INTERVAL=1s QUARKUS_HTTP_PORT=18090 \
  java -Xmx512m -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$RUN/vigil.log" 2>&1 &
VIGIL_PID=$!
for _ in $(seq 600); do curl -fsS http://127.0.0.1:18090/q/health/ready >/dev/null 2>&1 && break; sleep 0.1; done
python3 "$HERE/detection.py" --email bench@example.com --password bench-password-1 \
  --outages "$OUTAGES" --interval "$INTERVAL" --threshold "$THRESHOLD"
