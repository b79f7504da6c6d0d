#!/usr/bin/env bash
# Console speed with many checks: creates N checks (default 10,000) through the API, signs in with the form, then
# wrk on the overview (first page, a text filter that scans all N, a late page) and on one check's page. Prints
# requests/s and p50/p90/p99, the size of one overview page raw and gzipped, and the peak RSS.
# Only 127.0.0.1; the scheduler is off (this measures pages, not probes); bounded by N and DURATION.
#   bench/console-bench.sh [N=10000] [DURATION=15]
set -euo pipefail
N="${1:-10000}"
DURATION="${2:-15}"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
API="http://127.0.0.1:$VIGIL_PORT"

start_vigil console VIGIL_SCHEDULE_ENABLED=false VIGIL_EGRESS_ALLOWED_NETWORKS=127.0.0.0/8
python3 "$HERE/create_checks.py" --api "$API" --email "$BENCH_EMAIL" --password "$BENCH_PASSWORD" --n "$N" --interval 60 \
  --target "http://127.0.0.1:9" --token-file "$RUN/token" >&2
COOKIE=$(python3 - "$API" "$BENCH_EMAIL" "$BENCH_PASSWORD" <<'PY'
import re, sys, urllib.parse, urllib.request, urllib.error, http.cookiejar
api, email, password = sys.argv[1:4]
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
csrf = re.search(r'name="csrf" value="([^"]+)"', opener.open(api + "/login").read().decode()).group(1)
body = urllib.parse.urlencode({"email": email, "password": password, "csrf": csrf}).encode()
try:
    opener.open(urllib.request.Request(api + "/login", data=body, headers={"Origin": api}))
except urllib.error.HTTPError as e:
    assert e.code == 303, e.code
print(next(c.value for c in jar if c.name == "vigil_session"))
PY
)
H="Cookie: vigil_session=$COOKIE"
ONE=$(curl -s -H "Authorization: Bearer $(cat "$RUN/token")" "$API/api/v1/checks?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
PAGE=$(curl -s -H "$H" "$API/console")
echo "== one overview page of $N checks: $(printf %s "$PAGE" | wc -c) bytes, $(printf %s "$PAGE" | gzip -9 | wc -c) bytes gzipped, $(printf %s "$PAGE" | grep -c '<tr id="check-') rows"
measure() {   # label url connections
  echo "== $1 ($3 connections, ${DURATION}s)"
  wrk -t2 -c"$3" -d"${DURATION}s" --latency -H "$H" "$2" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
}
measure "/console (first page, sorted by state)" "$API/console" 4
measure "/console?q=m/77 (text filter over all checks)" "$API/console?q=m%2F77" 4
measure "/console?sort=name&page=150 (a late page)" "$API/console?sort=name&page=150" 4
measure "/console/checks/{id}" "$API/console/checks/$ONE" 4
echo "== RSS after: $(grep VmHWM /proc/$VIGIL_PID/status | awk '{print $2/1024 " MiB peak"}')"
stop_vigil
