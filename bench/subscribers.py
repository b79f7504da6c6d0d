#!/usr/bin/env python3
"""Status page subscribers: the fan-out of one incident to many e-mail and webhook subscribers.

A local SMTP sink and a local webhook receiver stand in for the world. EMAILS addresses subscribe to one page through
the public JSON route and confirm through the link each one is mailed (double opt-in, end to end); WEBHOOKS webhook
URLs subscribe too. Then an incident is opened and updated through the API, and every subscriber's message is timed
from the API call to its arrival. Prints the subscribe and confirm rates, the incident API call's latency (the
deliveries are written in its transaction), and per round: delivered, p50/p99/max arrival and deliveries per second.
Standard library only; only 127.0.0.1 is contacted; bounded by the counts and a deadline."""
import argparse
import asyncio
import email
import email.policy
import json
import re
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchlib import Target, call, pct, webhook_receiver

LINK = re.compile(r"https?://[^/\s]+(/status/\S+/confirm\?token=\S+)")


class Sink:
    """A minimal SMTP server that takes every message and records (arrival, To, Subject, text)."""

    def __init__(self):
        self.mails = []
        self.lock = threading.Lock()

    async def handle(self, reader, writer):
        def say(line):
            writer.write((line + "\r\n").encode())

        say("220 sink ESMTP")
        await writer.drain()
        while True:
            line = await reader.readline()
            if not line:
                break
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                say("250 sink")
            elif verb == b"DATA":
                say("354 go ahead")
                await writer.drain()
                data = await reader.readuntil(b"\r\n.\r\n")
                msg = email.message_from_bytes(data[:-5].replace(b"\r\n..", b"\r\n."), policy=email.policy.default)
                body = msg.get_body(preferencelist=("plain",))
                with self.lock:
                    self.mails.append((time.time(), str(msg["To"]), str(msg["Subject"]), body.get_content() if body else ""))
                say("250 ok")
            elif verb == b"QUIT":
                say("221 bye")
                await writer.drain()
                break
            else:
                say("250 ok")
            await writer.drain()
        writer.close()

    def serve(self, port):
        loop = asyncio.new_event_loop()

        async def run():
            server = await asyncio.start_server(self.handle, "127.0.0.1", port)
            async with server:
                await server.serve_forever()

        threading.Thread(target=lambda: loop.run_until_complete(run()), daemon=True).start()

    def matching(self, prefix):
        with self.lock:
            return [m for m in self.mails if m[2].startswith(prefix)]


def post(url, body=None, content_type="application/json", visitor=None):
    req = urllib.request.Request(url, method="POST", data=json.dumps(body).encode() if body is not None else b"")
    req.add_header("Content-Type", content_type)
    if visitor is not None:
        # one visitor per subscriber (Vigil runs with trust-forwarded): each may subscribe 10 times an hour
        req.add_header("X-Forwarded-For", f"10.{visitor >> 16 & 255}.{visitor >> 8 & 255}.{visitor & 255}")
    started = time.time()
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, json.loads(r.read() or b"null") if content_type == "application/json" and body is not None else None, time.time() - started


def wait_for(what, condition, deadline):
    while not condition():
        if time.time() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.1)


def summary(latencies, count, started):
    if not latencies:
        return {"delivered": 0}
    return {"delivered": len(latencies), "expected": count, "p50_s": round(pct(latencies, 0.5), 3),
            "p99_s": round(pct(latencies, 0.99), 3), "max_s": round(max(latencies), 3),
            "per_s": round(len(latencies) / max(0.001, max(latencies)), 1)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", default="http://127.0.0.1:18090")
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--emails", type=int, default=2000)
    p.add_argument("--webhooks", type=int, default=500)
    p.add_argument("--smtp-port", type=int, default=18025)
    p.add_argument("--port", type=int, default=18083)
    p.add_argument("--deadline", type=int, default=600)
    a = p.parse_args()
    deadline = time.time() + a.deadline

    sink = Sink()
    sink.serve(a.smtp_port)
    target = ThreadingHTTPServer(("127.0.0.1", a.port), Target)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    token = call("POST", a.api + "/api/v1/tokens", body={"name": "subscribers-bench"}, basic=f"{a.email}:{a.password}")["token"]
    check = call("POST", a.api + "/api/v1/checks", token, {"name": "internal probe", "url": f"http://127.0.0.1:{a.port}/",
                                                            "intervalSeconds": 60})
    call("POST", a.api + "/api/v1/status-pages", token, {"slug": "bench", "title": "Bench status",
                                                         "components": [{"name": "API", "checkId": check["id"]}]})
    page = a.api + "/status/bench"

    # e-mail subscribers: subscribe, receive the confirmation, confirm
    started = time.time()
    with ThreadPoolExecutor(8) as pool:
        took = list(pool.map(lambda i: post(page + "/subscribe", {"email": f"s{i}@bench.example"}, visitor=i)[2], range(a.emails)))
    subscribe_s = time.time() - started
    wait_for("confirmation mails", lambda: len(sink.matching("Confirm")) >= a.emails, deadline)
    confirmations_s = time.time() - started
    links = [LINK.search(m[3]).group(1) for m in sink.matching("Confirm")]
    started = time.time()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda path: post(a.api + path, content_type="application/x-www-form-urlencoded"), links))
    confirm_s = time.time() - started

    # webhook subscribers, one URL each, each with its own secret
    arrivals = []
    lock = threading.Lock()
    secrets = {}
    with ThreadPoolExecutor(8) as pool:
        for i, (status, body, _) in enumerate(pool.map(lambda i: post(page + "/subscribe", {
                "webhookUrl": f"http://127.0.0.1:{a.port + 1}/hook/{i}"}, visitor=100000 + i), range(a.webhooks))):
            secrets[f"/hook/{i}"] = body["secret"]

    class Hooks(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            handler = webhook_receiver(secrets[self.path], lambda at, mid, body: (lock.acquire(), arrivals.append(
                (at, body["incident"]["status"])), lock.release()))
            handler.do_POST(self)

        def log_message(self, *args):
            pass

    hooks = ThreadingHTTPServer(("127.0.0.1", a.port + 1), Hooks)
    hooks.daemon_threads = True
    threading.Thread(target=hooks.serve_forever, daemon=True).start()

    rounds = []
    incident = None
    for phase, subject in (("investigating", "[Bench status] Investigating"), ("identified", "[Bench status] Identified")):
        t0 = time.time()
        if incident is None:
            incident = call("POST", a.api + "/api/v1/incidents", token, {"title": "Payments are slow", "impact": "minor",
                                                                         "message": "Looking into it."})
        else:
            call("POST", f"{a.api}/api/v1/incidents/{incident['id']}/updates", token, {"phase": phase, "message": "Found it."})
        api_s = time.time() - t0
        wait_for(phase + " deliveries", lambda: len(sink.matching(subject)) >= a.emails
                 and sum(1 for _, s in arrivals if s == phase) >= a.webhooks, deadline)
        mails = [m[0] - t0 for m in sink.matching(subject)]
        with lock:
            webhooks = [at - t0 for at, s in arrivals if s == phase]
        rounds.append({"phase": phase, "api_call_s": round(api_s, 3),
                       "email": summary(mails, a.emails, t0), "webhook": summary(webhooks, a.webhooks, t0),
                       "all_delivered_s": round(max(mails + webhooks), 2)})

    print(json.dumps({
        "email_subscribers": a.emails, "webhook_subscribers": a.webhooks,
        "subscribe_per_s": round(a.emails / subscribe_s, 1), "subscribe_p99_s": round(pct(took, 0.99), 3),
        "confirmation_mails_in_s": round(confirmations_s, 1), "confirm_per_s": round(len(links) / confirm_s, 1),
        "rounds": rounds,
    }, indent=1))
    target.shutdown()
    hooks.shutdown()


if __name__ == "__main__":
    main()
