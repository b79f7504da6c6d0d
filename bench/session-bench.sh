#!/usr/bin/env bash
# Console sign-in speed: form logins (argon2id dominates, by design) timed one after another, then wrk on /account
# with a session cookie (session lookup in PostgreSQL + the list of sessions + a Qute page) and on /login (a form
# with a fresh CSRF token). Prints p50/p99 and requests/s. Only 127.0.0.1; bounded by LOGINS and DURATION.
#   bench/session-bench.sh [LOGINS=20] [DURATION=15]
set -euo pipefail
LOGINS="${1:-20}"
DURATION="${2:-15}"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
API="http://127.0.0.1:$VIGIL_PORT"

start_vigil session VIGIL_SCHEDULE_ENABLED=false
COOKIE=$(python3 - "$API" "$BENCH_EMAIL" "$BENCH_PASSWORD" "$LOGINS" <<'PY'
import re, sys, time, urllib.parse, urllib.request, http.cookiejar
api, email, password, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
times, cookie = [], None
for i in range(n):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(api + "/login").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf": csrf}).encode()
    req = urllib.request.Request(api + "/login", data=body, headers={"Origin": api})
    t = time.perf_counter()
    try:
        opener.open(req)
    except urllib.error.HTTPError as e:
        assert e.code == 303, e.code
    times.append((time.perf_counter() - t) * 1000)
    cookie = next(c.value for c in jar if c.name == "vigil_session")
times.sort()
print(f"== form login (password right, {n} in a row): p50 {times[len(times)//2]:.0f} ms, max {times[-1]:.0f} ms", file=sys.stderr)
print(cookie)
PY
)
measure() {   # label url connections [header]
  echo "== $1 ($3 connections, ${DURATION}s)"
  wrk -t2 -c"$3" -d"${DURATION}s" --latency ${4:+-H "$4"} "$2" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
}
measure "/account with a session cookie" "$API/account" 16 "Cookie: vigil_session=$COOKIE"
measure "/login (form + CSRF token)" "$API/login" 16
echo "== RSS after: $(grep VmHWM /proc/$VIGIL_PID/status | awk '{print $2/1024 " MiB peak"}')"
stop_vigil
