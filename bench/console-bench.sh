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
login() { python3 - "$API" "$BENCH_EMAIL" "$BENCH_PASSWORD" <<'PY'
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
}
COOKIE=$(login)
H="Cookie: vigil_session=$COOKIE"
ONE=$(curl -s -H "Authorization: Bearer $(cat "$RUN/token")" "$API/api/v1/checks?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
PAGE=$(curl -s -H "$H" "$API/console")
echo "== one overview page of $N checks: $(printf %s "$PAGE" | wc -c) bytes, $(printf %s "$PAGE" | gzip -9 | wc -c) bytes gzipped, $(printf %s "$PAGE" | grep -c '<tr id="check-') rows"
measure() {   # label url connections
  echo "== $1 ($3 connections, ${DURATION}s)"
  wrk -t"$(( $3 < 2 ? 1 : 2 ))" -c"$3" -d"${DURATION}s" --latency -H "$H" "$2" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
}
measure "/console (first page, sorted by state)" "$API/console" 4
measure "/console?q=m/77 (text filter over all checks)" "$API/console?q=m%2F77" 4
measure "/console?sort=name&page=150 (a late page)" "$API/console?sort=name&page=150" 4
measure "/console/checks/{id}" "$API/console/checks/$ONE" 4
measure "/console, one connection (server time per view)" "$API/console" 1
# 100 open live tabs, each following the 50 checks of the first page: CPU of the Vigil process over 30 s, against
# 30 s idle before (the scheduler is off, so what remains is the streams' own work).
IDS=$(printf %s "$PAGE" | grep -o 'sse-connect="[^"]*"' | head -1 | sed 's/sse-connect="//; s/"$//; s/&amp;/\&/g')
cpu() { awk '{print $14+$15}' /proc/$VIGIL_PID/stat; }
TICK=$(getconf CLK_TCK)
c0=$(cpu); sleep 30; c1=$(cpu)
# a person may hold 20 streams (LiveFeed.MAX_PER_SESSION): five signed-in people with 20 tabs each
COOKIES="$COOKIE $(for i in 1 2 3 4; do login; done | tr '\n' ' ')"
python3 - "$API$IDS" $COOKIES <<'PY' &
import sys, threading, time, urllib.request
url, cookies = sys.argv[1], sys.argv[2:]
events, failed = [0], [0]
def tab(cookie):
  try:
    req = urllib.request.Request(url, headers={"Cookie": "vigil_session=" + cookie, "Accept": "text/event-stream"})
    with urllib.request.urlopen(req, timeout=60) as r:
        end = time.time() + 32
        while time.time() < end:
            line = r.readline()
            if line.startswith(b"event:"):
                events[0] += 1
  except Exception:
    failed[0] += 1
ts = [threading.Thread(target=tab, args=(cookies[i % len(cookies)],), daemon=True) for i in range(100)]
[t.start() for t in ts]; time.sleep(33)
print(f"== live: 100 tabs ({failed[0]} refused) received {events[0]} events in 33 s", file=sys.stderr)
PY
SSE=$!
sleep 1; c2=$(cpu); sleep 30; c3=$(cpu); wait $SSE || true
awk -v a=$((c1-c0)) -v b=$((c3-c2)) -v t="$TICK" 'BEGIN{printf "== CPU, 30 s idle: %.1f %% of one core; with 100 live tabs: %.1f %% of one core\n", 100*a/t/30, 100*b/t/30}'
echo "== RSS after: $(grep VmHWM /proc/$VIGIL_PID/status | awk '{print $2/1024 " MiB peak"}')"
stop_vigil
