#!/usr/bin/env python3
"""report.py — medians of bench/run.sh's results as markdown, written into docs/benchmarks.md.

The table replaces what lies between the `<!-- results:begin -->` and `<!-- results:end -->`
markers of the document; everything else in it (method, discussion) is kept as written.
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--results", required=True)
ap.add_argument("--manifest", required=True)
ap.add_argument("--doc", required=True)
ap.add_argument("--command", required=True)
ap.add_argument("--versions", default="")
a = ap.parse_args()

rows = [json.loads(l) for l in open(a.results) if l.strip()]
manifest = json.load(open(a.manifest))
LABEL = {"gleaner": "gleaner (`once`)", "scrapy": "Scrapy 2.19.0",
         "transfer": "floor: raw transfer (curl)", "parse": "floor: libxml2 parse only (C, 1 thread)",
         "parse-arena": "floor: libxml2 parse only, on gleaner's arena allocator (C, 1 thread)",
         "gparse": "gleaner parse: parse + extract from disk"}
ORDER = ["gleaner", "scrapy", "transfer", "parse", "parse-arena", "gparse"]


def med(arm, key):
    vals = [r[key] for r in rows if r["arm"] == arm and r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt(v, digits=1):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1]
        mem_gib = int(mem) / 1024 / 1024
    except (OSError, StopIteration):
        mem_gib = 0
    return f"{os.cpu_count()} cores ({cpu}), {mem_gib:.0f} GiB RAM, {platform.system()} {platform.release()}"


# gleaner@VAR=VALUE: gleaner with a mechanism switched off, run alternately with the rest.
variants = sorted({r["arm"] for r in rows if r["arm"].startswith("gleaner@")})
for v in variants:
    LABEL[v] = f"gleaner with `{v.split('@', 1)[1]}`"
ORDER[1:1] = variants
arms = [arm for arm in ORDER if any(r["arm"] == arm for r in rows)]
out = []
out.append(f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC with `{a.command}` on "
           f"{machine()}. Site: {manifest['articles']:,} articles "
           f"({manifest['article_bytes']['median']/1000:.0f} KB median article page, "
           f"{manifest['article_bytes']['min']/1000:.0f}–{manifest['article_bytes']['max']/1000:.0f} KB), "
           f"{manifest['section_list_pages']} section-list pages, home page, robots.txt = "
           f"{manifest['pages']:,} URLs per full crawl. Medians of "
           f"{max(sum(1 for r in rows if r['arm'] == arm) for arm in arms)} alternating runs per crawler "
           f"and {max(sum(1 for r in rows if r['arm'] == 'parse'), 1)} runs per floor, one after each round of crawler runs; "
           f"1-minute load average at the end of the runs "
           f"{fmt(min(r['load'] for r in rows if 'load' in r), 2)}–"
           f"{fmt(max(r['load'] for r in rows if 'load' in r), 2)}.")
out.append("")
out.append("| | pages | pages/s | CPU s per 1,000 pages | peak RSS | peak anonymous memory | peak PSS | wall s | records equal to truth |")
out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for arm in arms:
    runs = [r for r in rows if r["arm"] == arm]
    if arm in ("gleaner", "scrapy") or arm in variants:
        ok = sum(1 for r in runs if r["ok"])
        eq = med(arm, "pages")
        correct = f"{ok}/{len(runs)} runs all equal" if ok else f"0/{len(runs)} runs ({runs[-1]['check']})"
    else:
        correct = "n/a"
    rss, anon, pss = med(arm, "rss_mb"), med(arm, "anon_mb"), med(arm, "pss_mb")
    out.append(f"| {LABEL[arm]} | {fmt(med(arm, 'pages'), 0)} | {fmt(med(arm, 'pages_per_s'))} | "
               f"{fmt(med(arm, 'cpu_s_per_1000'), 2)} | {fmt(rss) + ' MB' if rss else '–'} | "
               f"{fmt(anon) + ' MB' if anon else '–'} | {fmt(pss) + ' MB' if pss else '–'} | "
               f"{fmt(med(arm, 'wall_s'), 2)} | {correct} |")

g, s = "gleaner" in arms, "scrapy" in arms
if g and s:
    tp = med("gleaner", "pages_per_s") / med("scrapy", "pages_per_s")
    cpu = med("gleaner", "cpu_s_per_1000") / med("scrapy", "cpu_s_per_1000")
    floor = (med("parse", "cpu_s_per_1000") or 0) + (med("transfer", "cpu_s_per_1000") or 0)
    vs_floor = med("gleaner", "cpu_s_per_1000") / floor if floor else None
    rss = med("gleaner", "rss_mb") / med("scrapy", "rss_mb")
    allok = all(r["ok"] for r in rows if r["arm"] in ("gleaner", "scrapy"))
    out.append("")
    out.append("| target | measured | holds |")
    out.append("| --- | --- | --- |")
    out.append(f"| throughput ≥ 10× Scrapy | {tp:.1f}× | {'yes' if tp >= 10 else 'no'} |")
    out.append(f"| CPU per page ≤ 1/5 of Scrapy | 1/{1 / cpu:.1f} | {'yes' if cpu <= 0.2 else 'no'} |")
    if vs_floor:
        out.append(f"| CPU per page ≤ 1.5 × (parse floor + transfer floor) | {vs_floor:.2f}× | "
                   f"{'yes' if vs_floor <= 1.5 else 'no'} |")
    if med("gleaner", "anon_mb") and med("scrapy", "anon_mb"):
        anon = med("gleaner", "anon_mb") / med("scrapy", "anon_mb")
        out.append(f"| peak anonymous memory ≤ 1/8 of Scrapy | 1/{1 / anon:.1f} | {'yes' if anon <= 1 / 8 else 'no'} |")
    if med("gleaner", "pss_mb") and med("scrapy", "pss_mb"):
        pss = med("gleaner", "pss_mb") / med("scrapy", "pss_mb")
        out.append(f"| (context) peak PSS, gleaner / Scrapy | 1/{1 / pss:.1f} | – |")
    out.append(f"| (context) peak RSS, gleaner / Scrapy | 1/{1 / rss:.1f} | – |")
    floor_arena = (med("parse-arena", "cpu_s_per_1000") or 0) + (med("transfer", "cpu_s_per_1000") or 0)
    if vs_floor and med("parse-arena", "cpu_s_per_1000"):
        out.append(f"| (context) CPU per page / (parse floor on the arena + transfer floor) | "
                   f"{med('gleaner', 'cpu_s_per_1000') / floor_arena:.2f}× | – |")
    out.append(f"| every article and weather record equal to the truth | "
               f"{'all runs, both crawlers' if allok else 'not in every run'} | {'yes' if allok else 'no'} |")

if "gleaner" in arms and variants:
    out.append("")
    out.append("| switched off | pages/s | CPU s per 1,000 pages | peak anonymous memory | peak RSS |")
    out.append("| --- | ---: | ---: | ---: | ---: |")

    def change(key, v):
        on, off = med("gleaner", key), med(v, key)
        return f"{fmt(off, 2)} vs {fmt(on, 2)} ({(off / on - 1) * 100:+.1f}%)" if on and off else "–"
    for v in variants:
        out.append(f"| `{v.split('@', 1)[1]}` | {change('pages_per_s', v)} | {change('cpu_s_per_1000', v)} | "
                   f"{change('anon_mb', v)} | {change('rss_mb', v)} |")

out.append("")
out.append("<details><summary>Every run</summary>")
out.append("")
out.append("| arm | run | pages | wall s | pages/s | CPU s | CPU s/1000 | RSS MB | anon MB | nginx CPU s | load | URLs not fetched / unexpected / refetched | ok |")
out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
for r in rows:
    urls = (f"{r.get('urls_not_fetched', '–')} / {r.get('urls_unexpected', '–')} / {r.get('repeat_fetches', '–')}"
            if "urls_not_fetched" in r else "–")
    out.append(f"| {r['arm']} | {r['run']} | {r['pages']} | {fmt(r['wall_s'], 2)} | {fmt(r['pages_per_s'])} | "
               f"{fmt(r.get('cpu_s'), 2)} | {fmt(r['cpu_s_per_1000'], 2)} | {fmt(r.get('rss_mb'))} | {fmt(r.get('anon_mb'))} | "
               f"{fmt(r.get('server_cpu_s'), 2)} | {fmt(r.get('load'), 2)} | {urls} | {'yes' if r['ok'] else 'NO'} |")
out.append("")
out.append("</details>")
out.append("")
out.append("Versions: " + "; ".join(v for v in a.versions.splitlines() if v.strip()) + ".")
table = "\n".join(out)
print(table)

if a.doc != "-":
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    doc = open(a.doc).read() if os.path.exists(a.doc) else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in doc:
        doc += f"\n{begin}\n{end}\n"
    i, j = doc.index(begin) + len(begin), doc.index(end)
    with open(a.doc, "w") as f:
        f.write(doc[:i] + "\n" + table + "\n" + doc[j:])
