#!/usr/bin/env bash
# Probe-schedule benchmark: N checks every I seconds against the shared nginx referee on 127.0.0.1, measured by
# the referee's own arrival log. Prints achieved vs expected probes, jitter, CPU-seconds per 1,000 probes
# (Vigil and PostgreSQL separately), peak RSS, the time to create the checks through the API, and how long after
# a restart every check is probing again.
#
#   bench/probe-bench.sh [N=10000] [INTERVAL=10] [WINDOW=120]
#
# Env: JAVA_OPTS (default "-Xmx512m -XX:+UseParallelGC"), KEEP=1 keeps the scratch directory.
# Bounded: stops itself after warm-up + WINDOW + restart check; only 127.0.0.1 is ever contacted.
set -euo pipefail
N="${1:-10000}"
INTERVAL="${2:-10}"
WINDOW="${3:-120}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
REFEREE="${REFEREE:-$ROOT/../shared/bench/probe-load}"
JAVA_OPTS="${JAVA_OPTS:--Xmx512m -XX:+UseParallelGC}"
RUN="$(mktemp -d /tmp/vigil-bench.XXXXXX)"
chmod 755 "$RUN"   # nginx workers (not root) reopen the access log here on rotation
API_PORT=18090
EMAIL=bench@example.com
PASSWORD=bench-password-1
export RUN_DIR="$RUN/target" TARGET_PORT=18080

command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light; }
[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)

VIGIL_PID=
cleanup() {
  [ -n "$VIGIL_PID" ] && kill "$VIGIL_PID" 2>/dev/null && wait "$VIGIL_PID" 2>/dev/null || true
  "$REFEREE/target.sh" stop >/dev/null 2>&1 || true
  [ "${KEEP:-0}" = 1 ] && echo "kept $RUN" || rm -rf "$RUN"
}
trap cleanup EXIT

cpu_ticks() { # utime+stime of the given pids, in clock ticks
  local total=0
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
pg_pids() { # the postmaster and all its backends / background workers
  local master
  master=$(head -1 "$RUN/data/postgres/postmaster.pid" 2>/dev/null) || return 0
  echo "$master"; pgrep -P "$master" || true
}
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
start_vigil() {
  VIGIL_DATA_DIR="$RUN/data" VIGIL_ADMIN_EMAIL="$EMAIL" VIGIL_ADMIN_PASSWORD="$PASSWORD" \
  VIGIL_EGRESS_ALLOWED_NETWORKS=127.0.0.0/8 VIGIL_CHECKS_MIN_INTERVAL=1s QUARKUS_HTTP_PORT=$API_PORT \
  QUARKUS_LOG_CATEGORY__IO_VIGIL__LEVEL=WARN \
    java $JAVA_OPTS -jar "$ROOT/target/quarkus-app/quarkus-run.jar" >>"$RUN/vigil.log" 2>&1 &
  VIGIL_PID=$!
  for _ in $(seq 600); do
    curl -fsS "http://127.0.0.1:$API_PORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "Vigil did not become ready; see $RUN/vigil.log" >&2; KEEP=1; exit 1
}

"$REFEREE/target.sh" start >/dev/null
start_vigil
echo "== Vigil pid $VIGIL_PID, $N checks every ${INTERVAL}s, window ${WINDOW}s, JAVA_OPTS=$JAVA_OPTS"

echo "-- creating $N checks through the API"
python3 "$HERE/create_checks.py" --api "http://127.0.0.1:$API_PORT" --email "$EMAIL" --password "$PASSWORD" \
  --n "$N" --interval "$INTERVAL" --token-file "$RUN/token"

sleep $((INTERVAL * 2 + 5))   # warm-up: every check has its phase and the JIT has settled
"$REFEREE/target.sh" rotate "$RUN/warmup.log" >/dev/null
T0=$(date +%s.%N); V0=$(cpu_ticks "$VIGIL_PID"); P0=$(cpu_ticks $(pg_pids)); M0=$(machine_busy)
sleep "$WINDOW"
T1=$(date +%s.%N); V1=$(cpu_ticks "$VIGIL_PID"); P1=$(cpu_ticks $(pg_pids)); M1=$(machine_busy)
"$REFEREE/target.sh" rotate "$RUN/measured.log" >/dev/null
RSS_PEAK=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$VIGIL_PID/status")
RSS_NOW=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$VIGIL_PID/status")
PG_RSS=$(for p in $(pg_pids); do awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null; done | awk '{s+=$1} END {print int(s/1024)}')

echo "-- referee analysis of the measured window"
python3 "$REFEREE/analyze.py" --log "$RUN/measured.log" --n "$N" --interval "$INTERVAL" --from "$T0" --to "$T1" | tee "$RUN/analysis.txt"
PROBES=$(python3 "$REFEREE/analyze.py" --log "$RUN/measured.log" --n "$N" --interval "$INTERVAL" --from "$T0" --to "$T1" --json \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(d[k] for k in ("probes","total_probes","total") if k in d))')
HZ=$(getconf CLK_TCK)
python3 - "$V0" "$V1" "$P0" "$P1" "$HZ" "$PROBES" "$T0" "$T1" "$M0" "$M1" <<'PY'
import os, sys
v0, v1, p0, p1, hz, probes = (float(x) for x in sys.argv[1:7])
t0, t1, m0, m1 = (float(x) for x in sys.argv[7:11])
per = lambda ticks: (ticks / hz) / (probes / 1000) if probes else float("nan")
print(f"probes in window: {int(probes)} ({probes / (t1 - t0):.1f}/s)")
print(f"Vigil CPU: {(v1 - v0) / hz:.1f} s = {per(v1 - v0):.3f} CPU-s per 1,000 probes (incl. result writes)")
print(f"PostgreSQL CPU: {(p1 - p0) / hz:.1f} s = {per(p1 - p0):.3f} CPU-s per 1,000 probes")
print(f"Whole machine busy (incl. referee nginx): {(m1 - m0) / hz:.1f} CPU-s of {os.cpu_count() * (t1 - t0):.0f} available")
PY
echo "Vigil RSS: peak ${RSS_PEAK} MiB, now ${RSS_NOW} MiB; PostgreSQL RSS (sum of processes): ${PG_RSS} MiB"
curl -fsS "http://127.0.0.1:$API_PORT/q/metrics" | grep -E '^vigil_(probes_total|results_dropped_total|results_written_total|scheduler_lag_seconds_(count|sum|max))' || true

echo "-- restart: stop Vigil, start it again, and time until every check is probing"
kill "$VIGIL_PID"; wait "$VIGIL_PID" 2>/dev/null || true
"$REFEREE/target.sh" rotate "$RUN/before-restart.log" >/dev/null
start_vigil
READY=$(date +%s.%N)
sleep $((INTERVAL * 2))
"$REFEREE/target.sh" rotate "$RUN/after-restart.log" >/dev/null
python3 "$HERE/first_arrivals.py" --log "$RUN/after-restart.log" --n "$N" --since "$READY"
