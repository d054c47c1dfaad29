#!/usr/bin/env python3
"""report_longrun.py LONGRUN_JSON DOC COMMAND — the long-run section of docs/benchmarks.md."""

import json
import os
import sys

r = json.load(open(sys.argv[1]))
doc_path, command = sys.argv[2], sys.argv[3]
rss = r["rss_mb"]
first, re, steady, idle = r["first_crawl"], r["recrawl_once"], r["daemon_steady"], r["idle"]
ratio = (re["cpu_ms_per_page"] / first["cpu_ms_per_page"]
         if re.get("cpu_ms_per_page") is not None and first.get("cpu_ms_per_page") else None)
steady_ratio = (steady["cpu_ms_per_request"] / first["cpu_ms_per_page"]
                if steady.get("cpu_ms_per_request") is not None and first.get("cpu_ms_per_page") else None)
lines = [
    f"`{command}`: {r['runs']} runs of `gleaner run` (`every = \"1s\"`) against a {r['articles']}-article "
    f"site in {r['seconds']} s.",
    "",
    "| measure | value |",
    "| --- | --- |",
    f"| RSS after the first run / middle / end / after {idle['seconds']} s idle | "
    f"{rss['after_first_run']} / {rss['middle']} / {rss['end']} / {rss['after_idle']} MB |",
    f"| idle CPU (schedule reloaded to 1 h, {idle['seconds']} s) | {idle['cpu_s']} s = {idle['cpu_percent']} % of a core "
    f"({idle['requests']} requests meanwhile) |",
    f"| process start-up + shutdown (`once` with nothing due, {r['noop_requests']} requests) | "
    f"{r['startup_cpu_s'] * 1000:.0f} ms CPU, subtracted below |",
    f"| first crawl (`once`, fresh state) | {first['requests']} requests ({first['statuses']}), "
    f"{first['cpu_ms_per_page']} ms CPU per page |",
    f"| recrawl (`once --source`, same state, {re['runs']} times) | {re['requests']} requests ({re['statuses']}), "
    f"{re['cpu_ms_per_page']} ms CPU per page |",
    f"| daemon steady state, {steady['runs']} runs | {steady['requests']} requests ({steady['statuses']}), "
    f"{steady['cpu_ms_per_request']} ms CPU per request (start-up excluded, idle time between runs included) |",
    f"| recrawl / first crawl, CPU per page (target < 0.1) | {ratio:.3f} |" if ratio is not None else "| recrawl / first crawl | – |",
    f"| daemon steady state / first crawl, CPU per request | {steady_ratio:.3f} |" if steady_ratio is not None
    else "| daemon steady state / first crawl | – |",
    f"| SIGTERM exit status | {r['sigterm_exit_status']} |",
]
text = "\n".join(lines)
print(text)
begin, end = "<!-- longrun:begin -->", "<!-- longrun:end -->"
doc = open(doc_path).read() if os.path.exists(doc_path) else "# Benchmarks\n"
if begin not in doc:
    doc += f"\n{begin}\n{end}\n"
i, j = doc.index(begin) + len(begin), doc.index(end)
open(doc_path, "w").write(doc[:i] + "\n" + text + "\n" + doc[j:])
