#!/usr/bin/env python3
"""Creates N checks through Vigil's REST API, concurrently, and prints how long it took.

Each check probes http://127.0.0.1:PORT/m/<i> (the probe-load referee) every INTERVAL seconds.
Each of the concurrent clients keeps one keep-alive connection. Standard library only."""
import argparse
import base64
import json
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection


def request(method, url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, json.loads(resp.read() or b"null")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", default="http://127.0.0.1:18090")
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--interval", type=int, required=True)
    p.add_argument("--target", default="http://127.0.0.1:18080")
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--token-file")
    a = p.parse_args()

    basic = base64.b64encode(f"{a.email}:{a.password}".encode()).decode()
    _, created = request("POST", a.api + "/api/v1/tokens", {"name": "bench"}, {"Authorization": "Basic " + basic})
    token = created["token"]
    if a.token_file:
        with open(a.token_file, "w") as f:
            f.write(token)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    api = urllib.parse.urlsplit(a.api)
    errors = []
    lock = threading.Lock()
    local = threading.local()  # one keep-alive connection per client thread, as an HTTP client library would keep

    def connection():
        if getattr(local, "conn", None) is None:
            local.conn = HTTPConnection(api.hostname, api.port, timeout=30)
        return local.conn

    def create(i):
        body = {"name": f"bench {i}", "url": f"{a.target}/m/{i}", "intervalSeconds": a.interval,
                "timeoutMs": min(5000, a.interval * 500), "assertions": ["status == 200"]}
        try:
            conn = connection()
            try:
                conn.request("POST", "/api/v1/checks", json.dumps(body), headers)
                resp = conn.getresponse()
                resp.read()
            except (ConnectionError, OSError):
                conn.close()  # the server closed an idle connection: one fresh attempt
                local.conn = None
                conn = connection()
                conn.request("POST", "/api/v1/checks", json.dumps(body), headers)
                resp = conn.getresponse()
                resp.read()
            if resp.status != 201:
                raise RuntimeError(f"HTTP {resp.status}")
        except Exception as e:  # noqa: BLE001 - reported below
            with lock:
                errors.append(f"{i}: {e}")

    start = time.monotonic()
    with ThreadPoolExecutor(a.concurrency) as pool:
        list(pool.map(create, range(1, a.n + 1)))
    elapsed = time.monotonic() - start
    print(json.dumps({"created": a.n - len(errors), "errors": len(errors), "seconds": round(elapsed, 2),
                      "per_second": round((a.n - len(errors)) / elapsed, 1)}))
    if errors:
        print("\n".join(errors[:10]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
