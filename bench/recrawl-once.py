#!/usr/bin/env python3
"""bench/recrawl-once.py BIN_A BIN_B [PAIRS] — CPU of a `gleaner once` recrawl where every page
answers 304, per request, less a no-op `once` (start-up and shutdown), for two binaries
alternated. CPU from getrusage of each child (µs, where GNU time has 10 ms steps); medians over
PAIRS (20) pairs; one first crawl per binary for the ratio. See docs/benchmarks.md."""
import os, subprocess, sys, socket, time, statistics, re, shutil, tempfile
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bins = sys.argv[1:3]; pairs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
work = os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="gleaner-recrawl-once-")
os.makedirs(work, exist_ok=True)
os.chmod(work, 0o755)  # nginx's worker (nobody) reads the site: mkdtemp's 0700 would be 403s
site = f"{work}/site-50"
subprocess.run([sys.executable, f"{root}/bench/gen_site.py", "--articles", "50", "--out", site], check=True, stdout=subprocess.DEVNULL)
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
ng = subprocess.Popen([f"{root}/bench/serve.sh", f"{site}/site", f"{work}/nginx", str(port)])
import urllib.request
for _ in range(100):  # nginx answers robots.txt: ready
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1).read(); break
    except OSError: time.sleep(0.1)
seeds = [l.strip() for l in open(f"{site}/urls.txt") if re.match(r'^http://www\.tvseoul\.kr/($|news/section_list_all)', l.strip())]
tmpl = open(f"{root}/bench/gleaner-longrun.toml.in").read()
def cfg(name):
    d = f"{work}/{name}"; os.makedirs(d, exist_ok=True)
    t = tmpl.replace("@PORT@", str(port)).replace("@WORK@", d).replace("@EVERY@", "1h").replace("@ROOT@", root)
    t = t.replace("@SEEDS@", "[" + ",".join(f'"{u}"' for u in seeds) + "]")
    open(f"{d}/g.toml", "w").write(t); return f"{d}/g.toml"
def lines(): return sum(1 for _ in open(f"{work}/nginx/access.log"))
def run(bin, args):
    n0 = lines()
    p = subprocess.Popen([bin] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return ru.ru_utime + ru.ru_stime, lines() - n0
confs = {b: cfg(f"s{i}") for i, b in enumerate(bins)}
first = {}
for b in bins:
    first[b] = run(b, ["once", "--config", confs[b]])
    if first[b][1] != len(seeds) + 51:  # seeds, 50 articles, robots.txt
        sys.exit(f"{b}: the first crawl made {first[b][1]} requests, expected {len(seeds) + 51}")
res = {b: [] for b in bins}; noop = {b: [] for b in bins}; reqs = {}
for i in range(pairs):
    for b in bins:
        c0, n0 = run(b, ["once", "--config", confs[b]])
        c1, n1 = run(b, ["once", "--config", confs[b], "--source", "tvseoul-longrun"])
        noop[b].append(c0); res[b].append(c1); reqs[b] = n1
for b in bins:
    d = statistics.median(res[b]) - statistics.median(noop[b])
    fc = (first[b][0] - statistics.median(noop[b])) / first[b][1]
    print(f"{os.path.basename(b)}: first crawl {first[b][1]} req {fc*1000:.3f} ms/page; no-op {statistics.median(noop[b])*1000:.1f} ms; "
          f"recrawl {statistics.median(res[b])*1000:.1f} ms for {reqs[b]} req -> {d/reqs[b]*1000:.3f} ms/req; ratio {d/reqs[b]/fc:.3f}")
ng.terminate(); ng.wait()
"BENCH_WORK" in os.environ or shutil.rmtree(work, ignore_errors=True)
