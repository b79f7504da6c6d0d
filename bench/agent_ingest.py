#!/usr/bin/env python3
"""Agent ingest throughput: three simulated region agents push result batches to Vigil's agent API as fast as the
server accepts them, for a bounded number of batches. Prints results/s accepted. Standard library only.

Setup (through the API): three regions with agent tokens and N checks assigned to all three."""
import argparse
import base64
import json
import os
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone


def call(method, url, token=None, body=None, basic=None, raw=None):
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(url, method=method, data=data)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if basic:
        req.add_header("Authorization", "Basic " + base64.b64encode(basic.encode()).decode())
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"null")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", default="http://127.0.0.1:18090")
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--checks", type=int, default=10000)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--batches", type=int, default=40, help="batches per agent")
    p.add_argument("--pid", type=int, help="Vigil's pid, to report its CPU during the push phase")
    a = p.parse_args()

    admin = call("POST", a.api + "/api/v1/tokens", body={"name": "ingest"}, basic=f"{a.email}:{a.password}")["token"]
    regions = ["bench-a", "bench-b", "bench-c"]
    tokens = {}
    for r in regions:
        call("POST", a.api + "/api/v1/regions", admin, {"name": r})
        tokens[r] = call("POST", f"{a.api}/api/v1/regions/{r}/tokens", admin)["token"]

    def create(i):
        return call("POST", a.api + "/api/v1/checks", admin, {
            "name": f"ingest {i}", "url": f"https://ingest-{i}.example.invalid/", "intervalSeconds": 10,
            "timeoutMs": 2000, "regions": regions})["id"]

    t0 = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        ids = list(pool.map(create, range(a.checks)))
    print(json.dumps({"checks_created": len(ids), "seconds": round(time.monotonic() - t0, 1)}))

    base = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=6)
    totals = {"accepted": 0, "duplicates": 0, "refused": 0}
    lock = threading.Lock()

    def agent(region):
        sent = 0
        for b in range(a.batches):
            results = []
            for j in range(a.batch):
                k = b * a.batch + j
                check = ids[k % len(ids)]
                slot = base + timedelta(seconds=10 * (k // len(ids)))
                results.append({"checkId": check, "scheduledAt": slot.isoformat().replace("+00:00", "Z"),
                                "startedAt": slot.isoformat().replace("+00:00", "Z"), "outcome": "up",
                                "statusCode": 200, "latencyMs": 20 + k % 50,
                                "timings": {"dnsMs": 1, "connectMs": 3, "firstByteMs": 15, "totalMs": 20 + k % 50},
                                "assertions": [{"condition": "status == 200", "passed": True, "actual": "200"}]})
            raw = json.dumps({"agentId": "bench-1", "results": results}).encode()
            out = call("POST", a.api + "/agent/v1/results", tokens[region], raw=raw)
            with lock:
                for key in totals:
                    totals[key] += out[key]
            sent += len(results)
        return sent

    def cpu_seconds():
        if not a.pid:
            return 0.0
        with open(f"/proc/{a.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    c1 = cpu_seconds()
    t1 = time.monotonic()
    with ThreadPoolExecutor(len(regions)) as pool:
        sent = sum(pool.map(agent, regions))
    elapsed = time.monotonic() - t1
    vigil_cpu = cpu_seconds() - c1
    print(json.dumps({"agents": len(regions), "results_sent": sent, "seconds": round(elapsed, 1),
                      "accepted_per_second": round(totals["accepted"] / elapsed), **totals,
                      "vigil_cpu_seconds": round(vigil_cpu, 1)}))


if __name__ == "__main__":
    main()
