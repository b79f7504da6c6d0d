#!/usr/bin/env bash
# Status page subscribers: EMAILS e-mail subscribers (double opt-in done end to end) and WEBHOOKS webhook subscribers
# of one page; one incident opened and updated; every message timed from the API call to its arrival at a local
# SMTP sink or webhook receiver. Each subscriber comes from its own address (X-Forwarded-For, trusted here), as
# visitors do: one address may subscribe only 10 times an hour. Only 127.0.0.1 is contacted; bounded by the counts and a 10-minute deadline.
#   bench/subscribers-bench.sh [EMAILS=2000] [WEBHOOKS=500]
set -euo pipefail
EMAILS="${1:-2000}"
WEBHOOKS="${2:-500}"
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/lib.sh"
start_vigil subscribers VIGIL_EGRESS_ALLOWED_NETWORKS=127.0.0.0/8 QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT=18025 \
  VIGIL_PUBLIC_URL="http://127.0.0.1:$VIGIL_PORT" VIGIL_STATUS_PAGES_TRUST_FORWARDED=true
python3 "$HERE/subscribers.py" --email "$BENCH_EMAIL" --password "$BENCH_PASSWORD" --emails "$EMAILS" --webhooks "$WEBHOOKS"
