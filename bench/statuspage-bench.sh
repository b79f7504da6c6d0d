#!/usr/bin/env bash
# Status page speed: a page of 50 components with a year of generated history (rollups and incidents), served by
# Vigil on the machine's PostgreSQL; wrk on loopback measures /status/{slug} and summary.json cached (p50/p99,
# requests/s), then one uncached computation per request (cache TTL 0). Goals: p99 <= 20 ms cached, >= 5,000 req/s
# for the HTML page on 2 cores, uncached <= 100 ms. Only 127.0.0.1; bounded by DURATION.
#   bench/statuspage-bench.sh [COMPONENTS=50] [DURATION=20]
set -euo pipefail
COMPONENTS="${1:-50}"
DURATION="${2:-20}"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
DB=vigil_statusbench
PG="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA"
$PG -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
API="http://127.0.0.1:$VIGIL_PORT"

setup() {
  TOKEN=$(curl -fsS -u "$BENCH_EMAIL:$BENCH_PASSWORD" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
    "$API/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  COMPS=""
  for i in $(seq "$COMPONENTS"); do
    ID=$(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"name\":\"Service $i\",\"url\":\"https://service-$i.example.invalid/health\",\"intervalSeconds\":60}" \
      "$API/api/v1/checks" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$API/api/v1/checks/$ID/pause"
    COMPS="$COMPS{\"name\":\"Service $i\",\"checkId\":\"$ID\",\"group\":\"Group $(( (i - 1) / 10 + 1 ))\"},"
  done
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"slug\":\"bench\",\"title\":\"Bench status\",\"components\":[${COMPS%,}]}" "$API/api/v1/status-pages"
  $PG -d "$DB" -f "$HERE/statuspage_seed.sql"
}

measure() {   # label url connections
  echo "== $1 ($3 connections, ${DURATION}s)"
  wrk -t"$(( $3 < 2 ? $3 : 2 ))" -c"$3" -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip' "$2" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
}

start_vigil statuspage VIGIL_DB_URL="postgresql://postgres@127.0.0.1:5432/$DB" VIGIL_SCHEDULE_ENABLED=false
setup
curl -fsS -o /dev/null "$API/status/bench"
measure "HTML page, cached" "$API/status/bench" 32
measure "summary.json, cached" "$API/status/bench/api/v2/summary.json" 32
stop_vigil

start_vigil statuspage-uncached VIGIL_DB_URL="postgresql://postgres@127.0.0.1:5432/$DB" VIGIL_SCHEDULE_ENABLED=false \
  VIGIL_STATUS_PAGES_CACHE_TTL=0s
measure "HTML page, computed per request" "$API/status/bench" 1
stop_vigil
$PG -c "DROP DATABASE IF EXISTS $DB"
