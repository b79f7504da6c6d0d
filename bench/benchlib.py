"""Helpers shared by the Python benches: the API call, timestamps, percentiles, a Standard Webhooks receiver."""
import base64
import hashlib
import hmac
import json
import time
import urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler


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


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


class Target(BaseHTTPRequestHandler):
    """A probe target answering every GET with 200 "ok"."""

    def do_GET(self):  # noqa: N802 - http.server API
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def webhook_receiver(secret, on_event, delay_s=0.0):
    """A handler class that verifies each Standard Webhooks signature (401 if wrong), waits delay_s, answers 204,
    and calls on_event(arrival_time, webhook_id, body_dict) for verified requests."""
    key = base64.b64decode(secret[len("whsec_"):])

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            arrived = time.time()
            body = self.rfile.read(int(self.headers["content-length"]))
            msg_id, stamp = self.headers["webhook-id"], self.headers["webhook-timestamp"]
            expected = base64.b64encode(hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()).decode()
            signatures = [s.split(",", 1)[1] for s in self.headers["webhook-signature"].split()]
            if not any(hmac.compare_digest(expected, s) for s in signatures):
                self.send_response(401)
                self.end_headers()
                return
            on_event(arrived, msg_id, json.loads(body))
            if delay_s:
                time.sleep(delay_s)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    return Receiver
