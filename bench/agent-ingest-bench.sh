#!/usr/bin/env bash
# Agent ingest: results/s the server accepts from 3 agents with CHECKS checks each region (default 10,000).
#   bench/agent-ingest-bench.sh [CHECKS=10000] [BATCHES_PER_AGENT=40] [BATCH=1000]
# Vigil runs with its own probing off, on an embedded PostgreSQL in a scratch directory; only 127.0.0.1.
set -euo pipefail
CHECKS="${1:-10000}"
BATCHES="${2:-40}"
BATCH="${3:-1000}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
RUN="$(mktemp -d /tmp/vigil-ingest.XXXXXX)"
[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
VIGIL_PID=
cleanup() { [ -n "$VIGIL_PID" ] && kill "$VIGIL_PID" 2>/dev/null && wait "$VIGIL_PID" 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT
VIGIL_DATA_DIR="$RUN/data" VIGIL_ADMIN_EMAIL=bench@example.com VIGIL_ADMIN_PASSWORD=bench-password-1 \
VIGIL_SCHEDULE_ENABLED=false VIGIL_CHECKS_MIN_INTERVAL=1s QUARKUS_HTTP_PORT=18090 QUARKUS_LOG_CATEGORY__IO_VIGIL__LEVEL=WARN \
  java -Xmx512m -XX:+UseParallelGC -jar "$ROOT/target/quarkus-app/quarkus-run.jar" > "$RUN/vigil.log" 2>&1 &
VIGIL_PID=$!
for _ in $(seq 600); do curl -fsS http://127.0.0.1:18090/q/health/ready >/dev/null 2>&1 && break; sleep 0.1; done
python3 "$HERE/agent_ingest.py" --email bench@example.com --password bench-password-1 --checks "$CHECKS" \
  --batches "$BATCHES" --batch "$BATCH" --pid "$VIGIL_PID"
