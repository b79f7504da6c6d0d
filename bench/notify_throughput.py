#!/usr/bin/env python3
"""Outbox throughput with a slow receiver, and whether probing notices it.

A local receiver answers every webhook after SLOW seconds (2 s by default; signatures verified). N checks probe a
fast local target every INTERVAL seconds. The scheduler's lag (vigil_scheduler_lag_seconds, from /q/metrics) is
measured over a quiet window, then EVENTS test events are queued across CHANNELS webhook channels and the lag is
measured again while they drain. Prints deliveries/s, the drain time and both lag percentiles.
Standard library only; only 127.0.0.1 is contacted; bounded by EVENTS and a deadline."""
import argparse
import json
import re
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import ThreadingHTTPServer

from benchlib import Target, call, webhook_receiver

BUCKET = re.compile(r'^vigil_scheduler_lag_seconds_bucket\{.*le="([^"]+)".*\} ([0-9.eE+]+)$')


def lag_buckets(api):
    with urllib.request.urlopen(api + "/q/metrics", timeout=30) as r:
        buckets = {}
        for line in r.read().decode().splitlines():
            m = BUCKET.match(line)
            if m:
                le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
                buckets[le] = buckets.get(le, 0) + float(m.group(2))
        return buckets


def lag_percentiles(before, after):
    delta = sorted((le, after[le] - before.get(le, 0)) for le in after)
    total = delta[-1][1]
    out = {"probes": int(total)}
    for q in (0.5, 0.99):
        out[f"p{int(q * 100)}_ms_at_most"] = next(round(le * 1000, 1) for le, c in delta if c >= q * total)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", default="http://127.0.0.1:18090")
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--checks", type=int, default=1000)
    p.add_argument("--interval", type=int, default=10)
    p.add_argument("--channels", type=int, default=8)
    p.add_argument("--events", type=int, default=1000)
    p.add_argument("--slow", type=float, default=2.0)
    p.add_argument("--window", type=int, default=40)
    p.add_argument("--port", type=int, default=18083)
    a = p.parse_args()

    target = ThreadingHTTPServer(("127.0.0.1", a.port), Target)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    token = call("POST", a.api + "/api/v1/tokens", body={"name": "notify-bench"}, basic=f"{a.email}:{a.password}")["token"]
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: call("POST", a.api + "/api/v1/checks", token, {
            "name": f"probe {i}", "url": f"http://127.0.0.1:{a.port}/p/{i}", "intervalSeconds": a.interval,
            "timeoutMs": 2000}), range(a.checks)))

    arrivals = []
    lock = threading.Lock()

    def on_event(at, msg_id, body):
        with lock:
            arrivals.append((at, msg_id))

    # All channels share one secret so that one receiver verifies every signature.
    secret = "whsec_" + __import__("base64").b64encode(b"notify-throughput-bench-secret!!").decode()
    channels = [call("POST", a.api + "/api/v1/channels", token, {
        "type": "webhook", "name": f"slow {i}", "url": f"http://127.0.0.1:{a.port + 1}/slow/{i}", "secret": secret})
        for i in range(a.channels)]
    receiver = ThreadingHTTPServer(("127.0.0.1", a.port + 1), webhook_receiver(secret, on_event, a.slow))
    receiver.daemon_threads = True
    threading.Thread(target=receiver.serve_forever, daemon=True).start()

    time.sleep(a.interval * 2)  # every check scheduled and probing
    quiet_before = lag_buckets(a.api)
    time.sleep(a.window)
    quiet = lag_percentiles(quiet_before, lag_buckets(a.api))

    queueing_before = lag_buckets(a.api)
    queued_at = time.time()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: call("POST", f"{a.api}/api/v1/channels/{channels[i % a.channels]['id']}/test", token),
                      range(a.events)))
    queued = time.time() - queued_at
    # While the API takes the burst of events, and then while the relay alone drains them.
    queueing = lag_percentiles(queueing_before, lag_buckets(a.api))
    draining_before = lag_buckets(a.api)
    deadline = queued_at + max(a.window, a.events * a.slow) + 120
    while len(arrivals) < a.events and time.time() < deadline:
        time.sleep(0.2)
    drained = time.time()
    draining = lag_percentiles(draining_before, lag_buckets(a.api))
    ids = {m for _, m in arrivals}
    first, last = min(t for t, _ in arrivals), max(t for t, _ in arrivals)
    print(json.dumps({
        "checks": a.checks, "interval_s": a.interval, "channels": a.channels, "events": a.events,
        "receiver_delay_s": a.slow, "queued_in_s": round(queued, 1),
        "delivered": len(arrivals), "distinct_ids": len(ids),
        "drain_s": round(drained - queued_at, 1), "deliveries_per_s": round(len(arrivals) / max(0.001, last - first), 1),
        "scheduler_lag_quiet": quiet, "scheduler_lag_while_queueing": queueing,
        "scheduler_lag_while_draining": draining,
    }))
    target.shutdown()
    receiver.shutdown()


if __name__ == "__main__":
    main()
