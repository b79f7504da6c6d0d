#!/usr/bin/env python3
"""After a restart: when did each /m/<id> get its first probe? Prints the spread relative to a start time."""
import argparse
import json


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--log", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--since", type=float, required=True, help="epoch seconds the server became ready")
    a = p.parse_args()
    first = {}
    with open(a.log) as f:
        for line in f:
            parts = line.split(" ", 2)
            if len(parts) < 2 or not parts[1].startswith("/m/"):
                continue
            t = float(parts[0])
            if t < a.since:
                continue
            mid = parts[1][3:]
            if mid not in first:
                first[mid] = t
    delays = sorted(t - a.since for t in first.values())
    out = {"checks_probed": len(first), "of": a.n}
    if delays:
        out.update({"first_probe_p50_s": round(delays[len(delays) // 2], 2),
                    "all_probing_within_s": round(delays[-1], 2)})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
