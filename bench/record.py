#!/usr/bin/env python3
"""record.py — one benchmark run as one JSON line (called by run.sh).

Combines GNU time's output (`%e %U %S %M`: wall, user, sys, max RSS in KB), the run's slice
of the nginx access log (what the crawler actually fetched), the set of URLs a full crawl
fetches, and check.py's verdict.
"""

import argparse
import json
import re
from collections import Counter
from urllib.parse import urlsplit

ap = argparse.ArgumentParser()
for name in ("arm", "time", "requests", "urls", "check", "load"):
    ap.add_argument("--" + name, required=True)
ap.add_argument("--run", type=int, required=True)
ap.add_argument("--server-cpu", type=float, required=True)
a = ap.parse_args()

with open(a.time) as f:
    wall, user, sys_, rss_kb = f.read().strip().splitlines()[-1].split()
wall, cpu = float(wall), float(user) + float(sys_)

line_re = re.compile(r'^\S+ (\d{3}) (\d+) \S+ "([^"]*)"')
statuses, fetched, bytes_ = Counter(), Counter(), 0
with open(a.requests) as f:
    for line in f:
        m = line_re.match(line)
        if not m:
            continue
        statuses[m.group(1)] += 1
        bytes_ += int(m.group(2))
        fetched[m.group(3)] += 1
with open(a.urls) as f:
    expected = set()
    for u in f:
        if u.strip():
            p = urlsplit(u.strip())
            expected.add(p.path + ("?" + p.query if p.query else ""))
with open(a.check) as f:
    check = json.load(f)
try:  # peak anonymous memory sampled by anonpeak.sh (not for the floors)
    with open(a.time + ".anon") as f:
        anon_mb = round(int(f.read().strip()) / 1024, 1)
except (OSError, ValueError):
    anon_mb = None
try:  # peak PSS, sampled beside it
    with open(a.time + ".anon.pss") as f:
        pss_mb = round(int(f.read().strip()) / 1024, 1) or None
except (OSError, ValueError):
    pss_mb = None

pages = sum(statuses.values())
print(json.dumps({
    "arm": a.arm, "run": a.run, "pages": pages, "wall_s": wall,
    "pages_per_s": round(pages / wall, 1) if wall else None,
    "cpu_s": round(cpu, 2), "cpu_s_per_1000": round(cpu / pages * 1000, 3) if pages else None,
    "rss_mb": round(int(rss_kb) / 1024, 1), "anon_mb": anon_mb, "pss_mb": pss_mb, "ok": bool(check.get("ok")),
    "statuses": dict(statuses), "bytes": bytes_,
    "urls_not_fetched": len(expected - set(fetched)), "urls_unexpected": len(set(fetched) - expected),
    "repeat_fetches": sum(n - 1 for n in fetched.values() if n > 1),
    "unexpected_examples": sorted(set(fetched) - expected)[:5],
    "server_cpu_s": a.server_cpu, "load": float(a.load),
    "check": {k: check.get(k) for k in ("equal", "missing", "extra", "mismatched", "duplicates", "mismatch_examples")},
}, ensure_ascii=False))
