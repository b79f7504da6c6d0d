#!/usr/bin/env python3
"""Detection latency: how long from a target starting to fail to Vigil having an open incident for it, and with
--webhook, to the signed webhook announcing it arriving at a local receiver (signature verified).

Runs a local HTTP target on 127.0.0.1 whose paths /t/<n> answer 200 or 503 on command, creates one check per path
(interval I, failureThreshold F) through the API, then for each outage: waits a random time (so failures start at
random points of the probe phase), makes one target fail, polls the incidents API until an incident is open,
records (incident.startedAt - failure start), makes the target healthy again and waits for the resolution.
Outages run on P checks in parallel. Standard library only; bounded by the number of outages and a timeout each."""
import argparse
import json
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchlib import call, pct, ts, webhook_receiver

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
    p.add_argument("--webhook", action="store_true", help="also time the signed webhook of each incident")
    p.add_argument("--webhook-port", type=int, default=18082)
    a = p.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", a.port), Target)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    token = call("POST", a.api + "/api/v1/tokens", body={"name": "detection"}, basic=f"{a.email}:{a.password}")["token"]
    arrivals = {}  # incident id -> arrival time of its incident.opened webhook
    if a.webhook:
        channel = call("POST", a.api + "/api/v1/channels", token, {
            "type": "webhook", "name": "bench", "url": f"http://127.0.0.1:{a.webhook_port}/hook", "isDefault": True,
            "events": ["incident.opened"]})

        def on_event(at, _id, body):
            if body["type"] == "incident.opened":
                arrivals.setdefault(body["data"]["incident"]["id"], at)
        hooks = ThreadingHTTPServer(("127.0.0.1", a.webhook_port), webhook_receiver(channel["secret"], on_event))
        threading.Thread(target=hooks.serve_forever, daemon=True).start()
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
            hook = None
            if a.webhook:
                while incident["id"] not in arrivals and time.time() < deadline + 10:
                    time.sleep(0.01)
                hook = arrivals.get(incident["id"])
            delays.append((ts(incident["startedAt"]) - started, seen - started,
                           None if hook is None else hook - started, None if hook is None else hook - ts(incident["startedAt"])))
            while call("GET", f"{a.api}/api/v1/incidents?checkId={check_id}&state=open", token)["items"]:
                time.sleep(0.2)
        return delays

    per_check = -(-a.outages // a.parallel)
    with ThreadPoolExecutor(a.parallel) as pool:
        results = [d for ds in pool.map(lambda c: outage(c[0], c[1], per_check), checks) for d in ds]
    server.shutdown()
    detected = sorted(d[0] for d in results if d is not None)
    observed = sorted(d[1] for d in results if d is not None)

    goal = a.interval * a.threshold + 2
    report = {
        "outages": len(results), "missed": sum(1 for d in results if d is None),
        "interval_s": a.interval, "failure_threshold": a.threshold, "goal_p99_s": goal,
        "incident_opened_after_s": {"p50": round(pct(detected, 0.5), 2), "p99": round(pct(detected, 0.99), 2),
                                    "max": round(detected[-1], 2), "mean": round(statistics.mean(detected), 2)},
        "visible_in_api_after_s": {"p50": round(pct(observed, 0.5), 2), "p99": round(pct(observed, 0.99), 2)},
    }
    if a.webhook:
        hooked = [d[2] for d in results if d is not None and d[2] is not None]
        after_incident = [d[3] for d in results if d is not None and d[3] is not None]
        report["webhook_missing"] = sum(1 for d in results if d is not None and d[2] is None)
        report["webhook_after_failure_s"] = {"p50": round(pct(hooked, 0.5), 2), "p99": round(pct(hooked, 0.99), 2),
                                             "max": round(max(hooked), 2)}
        report["webhook_after_incident_s"] = {"p50": round(pct(after_incident, 0.5), 3),
                                              "p99": round(pct(after_incident, 0.99), 3),
                                              "max": round(max(after_incident), 3), "goal_s": 1.0}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
