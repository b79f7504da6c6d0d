#!/usr/bin/env python3
"""Detection latency: how long from a target starting to fail to Vigil having an open incident for it.

Runs a local HTTP target on 127.0.0.1 whose paths /t/<n> answer 200 or 503 on command, creates one check per path
(interval I, failureThreshold F) through the API, then for each outage: waits a random time (so failures start at
random points of the probe phase), makes one target fail, polls the incidents API until an incident is open,
records (incident.startedAt - failure start), makes the target healthy again and waits for the resolution.
Outages run on P checks in parallel. Standard library only; bounded by the number of outages and a timeout each."""
import argparse
import base64
import json
import random
import statistics
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAILING = set()


class Target(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        status = 503 if self.path in FAILING else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def call(method, url, token=None, body=None, basic=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if basic:
        req.add_header("Authorization", "Basic " + base64.b64encode(basic.encode()).decode())
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", default="http://127.0.0.1:18090")
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--outages", type=int, default=20)
    p.add_argument("--parallel", type=int, default=4)
    p.add_argument("--interval", type=int, default=10)
    p.add_argument("--threshold", type=int, default=2)
    p.add_argument("--port", type=int, default=18081)
    a = p.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", a.port), Target)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    token = call("POST", a.api + "/api/v1/tokens", body={"name": "detection"}, basic=f"{a.email}:{a.password}")["token"]
    checks = []
    for i in range(a.parallel):
        c = call("POST", a.api + "/api/v1/checks", token, {
            "name": f"detect {i}", "url": f"http://127.0.0.1:{a.port}/t/{i}", "intervalSeconds": a.interval,
            "timeoutMs": min(2000, a.interval * 500), "failureThreshold": a.threshold, "successThreshold": 1})
        checks.append((c["id"], f"/t/{i}"))
    time.sleep(a.interval + 2)  # every check has probed once and is up

    def outage(check_id, path, rounds):
        delays = []
        for _ in range(rounds):
            time.sleep(random.uniform(0, a.interval))
            started = time.time()
            FAILING.add(path)
            deadline = started + a.interval * (a.threshold + 3)
            incident = None
            while time.time() < deadline:
                items = call("GET", f"{a.api}/api/v1/incidents?checkId={check_id}&state=open", token)["items"]
                if items:
                    incident = items[0]
                    break
                time.sleep(0.05)
            seen = time.time()
            FAILING.discard(path)
            if incident is None:
                delays.append(None)
                continue
            delays.append((ts(incident["startedAt"]) - started, seen - started))
            while call("GET", f"{a.api}/api/v1/incidents?checkId={check_id}&state=open", token)["items"]:
                time.sleep(0.2)
        return delays

    per_check = -(-a.outages // a.parallel)
    with ThreadPoolExecutor(a.parallel) as pool:
        results = [d for ds in pool.map(lambda c: outage(c[0], c[1], per_check), checks) for d in ds]
    server.shutdown()
    detected = sorted(d[0] for d in results if d is not None)
    observed = sorted(d[1] for d in results if d is not None)

    def pct(xs, q):
        return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

    goal = a.interval * a.threshold + 2
    print(json.dumps({
        "outages": len(results), "missed": sum(1 for d in results if d is None),
        "interval_s": a.interval, "failure_threshold": a.threshold, "goal_p99_s": goal,
        "incident_opened_after_s": {"p50": round(pct(detected, 0.5), 2), "p99": round(pct(detected, 0.99), 2),
                                    "max": round(detected[-1], 2), "mean": round(statistics.mean(detected), 2)},
        "visible_in_api_after_s": {"p50": round(pct(observed, 0.5), 2), "p99": round(pct(observed, 0.99), 2)},
    }))


if __name__ == "__main__":
    main()
