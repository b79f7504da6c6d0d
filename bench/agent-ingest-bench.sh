#!/usr/bin/env bash
# Agent ingest: results/s the server accepts from 3 agents with CHECKS checks each region (default 10,000).
#   bench/agent-ingest-bench.sh [CHECKS=10000] [BATCHES_PER_AGENT=40] [BATCH=1000]
# Vigil runs with its own probing off; only 127.0.0.1 is contacted; bounded by the batch count.
set -euo pipefail
CHECKS="${1:-10000}"
BATCHES="${2:-40}"
BATCH="${3:-1000}"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
start_vigil ingest VIGIL_SCHEDULE_ENABLED=false
python3 "$HERE/agent_ingest.py" --email "$BENCH_EMAIL" --password "$BENCH_PASSWORD" --checks "$CHECKS" \
  --batches "$BATCHES" --batch "$BATCH" --pid "$VIGIL_PID"
