#!/usr/bin/env bash
# bench/run.sh — gleaner against Scrapy on the same synthetic TV서울 site (run by `make bench`).
#
# Generates the site (cached), starts nginx on 127.0.0.1, then alternates crawler runs
# A B A B …, each a first crawl into an empty state/output directory, with the two floors (curl
# raw transfer, libxml2 parse-only) measured after each round, and checks every run's records
# against the ground truth. Writes the results table into docs/benchmarks.md.
#
# Environment:
#   BENCH_ARTICLES   site size (default 5000)
#   BENCH_RUNS       runs per crawler (default 5)
#   BENCH_ARMS       crawlers to run, in order (default "gleaner scrapy"); an arm
#                    "gleaner@VAR=VALUE" runs gleaner with that environment, for a mechanism
#                    measured on and off in one run (e.g. gleaner@GLEANER_XML_ALLOCATOR=system)
#   BENCH_GLEANER    gleaner binary (default: release build of this checkout, built if needed)
#   BENCH_WORK       work directory (default bench/cache; the generated site is cached there)
#   BENCH_DOC        where the table goes (default docs/benchmarks.md; "-" = stdout only)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ARTICLES=${BENCH_ARTICLES:-5000}
RUNS=${BENCH_RUNS:-5}
ARMS=${BENCH_ARMS:-"gleaner scrapy"}
WORK=${BENCH_WORK:-$here/cache}
DOC=${BENCH_DOC:-$root/docs/benchmarks.md}
SCRAPY_VERSION=2.19.0
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
log() { printf '%s bench: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- tools
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
command -v python3 >/dev/null || need="$need python3"
python3 -c 'import venv, ensurepip' 2>/dev/null || need="$need python3-venv"
[ -x /usr/bin/time ] || need="$need time"
command -v gcc >/dev/null || need="$need gcc libc6-dev"
command -v curl >/dev/null || need="$need curl"
command -v pkg-config >/dev/null || need="$need pkg-config"
pkg-config --exists libxml-2.0 2>/dev/null || need="$need libxml2-dev"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need="$need nginx-light"
if [ -n "$need" ]; then
  log "installing:$need"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

VENV=$here/.venv
if ! "$VENV/bin/scrapy" version 2>/dev/null | grep -qx "Scrapy $SCRAPY_VERSION"; then
  log "installing Scrapy $SCRAPY_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$here/scrapy/requirements.txt"
fi

log "building the parse floor"
gcc -O2 -Wall -o "$WORK/parse_floor" "$here/floors/parse_floor.c" "$here/../Sources/CArena/arena.c" \
  -I"$here/../Sources/CArena/include" $(pkg-config --cflags --libs libxml-2.0) -lpthread

GLEANER=""
if [[ " $ARMS " == *" gleaner "* ]]; then
  GLEANER=${BENCH_GLEANER:-}
  if [ -z "$GLEANER" ] && ! grep -rqsE 'struct Once\b|commandName: "once"' "$root/Sources/gleaner"; then
    GLEANER=/nonexistent  # this checkout has no `gleaner once` yet: no point building it
  elif [ -z "$GLEANER" ]; then
    log "building gleaner (release)"
    (cd "$root" && make --no-print-directory release 2>&1 | grep -E "error|warning: |Compiling|Build" | tail -5) || true
    GLEANER=$root/.build/release/gleaner
  fi
  if ! "$GLEANER" once --help 2>&1 | grep -q -- "--config"; then
    log "gleaner at $GLEANER has no 'once' command yet: running without the gleaner arm"
    ARMS=${ARMS//gleaner/}
    GLEANER=""
  fi
fi

# ---------------------------------------------------------------- site and server
SITE=$WORK/site-$ARTICLES
python3 "$here/gen_site.py" --articles "$ARTICLES" --out "$SITE"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SRV=$WORK/nginx
rm -rf "$SRV"; mkdir -p "$SRV"
"$here/serve.sh" "$SITE/site" "$SRV" "$PORT" &
NGINX_PID=$!
cleanup() { kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 50); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/robots.txt" || { log "nginx did not start:"; cat "$SRV/error.log" >&2; exit 1; }
WORKER_PID=$(pgrep -P "$(cat "$SRV/nginx.pid")" | head -1)
log "nginx on 127.0.0.1:$PORT (worker $WORKER_PID) serving $SITE/site"

RESULTS=$WORK/results.jsonl
: > "$RESULTS"
server_cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$WORKER_PID/stat"; }
log_lines() { wc -l < "$SRV/access.log"; }

# record ARM RUN TIMEFILE FROM_LINE CHECK_JSON SERVER_CPU_BEFORE: one JSON line into results.jsonl
record() {
  local arm=$1 run=$2 timefile=$3 from=$4 check=$5 scpu0=$6
  tail -n +"$((from + 1))" "$SRV/access.log" > "$WORK/requests-$arm-$run.log"
  python3 "$here/record.py" --arm "$arm" --run "$run" --time "$timefile" \
    --requests "$WORK/requests-$arm-$run.log" --urls "$SITE/urls.txt" --check "$check" \
    --server-cpu "$(python3 -c "print(round($(server_cpu) - $scpu0, 2))")" \
    --load "$(cut -d' ' -f1 /proc/loadavg)" >> "$RESULTS"
  tail -1 "$RESULTS" | cut -c1-300 >&2
}

# ---------------------------------------------------------------- floors
# Measured once per round, right after that round's crawler runs, so that floors and crawls see
# the same machine: this VM's speed drifts by ±20-30% within minutes.
{
  echo "connect-to = \"www.tvseoul.kr:80:127.0.0.1:$PORT\""
  sed 's#.*#url = "&"\noutput = "/dev/null"#' "$SITE/urls.txt"
} > "$WORK/curl.cfg"
(echo "$SITE/site/index.html"; find "$SITE/site/a" "$SITE/site/s" -name '*.html' | sort) > "$WORK/pages.txt"

# floor_transfer RUN: curl --parallel, 32 at a time, every URL of the crawl, to /dev/null.
floor_transfer() {
  local run=$1 from scpu0
  from=$(log_lines); scpu0=$(server_cpu)
  /usr/bin/time -o "$WORK/time-transfer-$run" -f '%e %U %S %M' \
    curl -s --no-progress-meter --parallel --parallel-max 32 --parallel-immediate -K "$WORK/curl.cfg" 2> "$WORK/curl.stderr" || log "curl exited $?"
  echo '{"ok": true, "floor": true}' > "$WORK/check-transfer-$run.json"
  record transfer "$run" "$WORK/time-transfer-$run" "$from" "$WORK/check-transfer-$run.json" "$scpu0"
}

# floor_parse ARM RUN [ENV=VALUE]: libxml2 parse-only of every page from disk, in C.
floor_parse() {
  local arm=$1 run=$2
  env ${3:-} "$WORK/parse_floor" < "$WORK/pages.txt" | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
print(json.dumps({"arm": sys.argv[2], "run": int(sys.argv[1]), "pages": r["pages"], "wall_s": r["wall_s"],
  "pages_per_s": r["pages_per_s"], "cpu_s": r["cpu_s"], "cpu_s_per_1000": r["cpu_s_per_1000"],
  "rss_mb": None, "ok": True, "mb_per_s": r["mb_per_s"], "libxml2": r["libxml2"]}))' "$run" "$arm" >> "$RESULTS"
  tail -1 "$RESULTS" >&2
}

floors() {
  local run=$1
  floor_transfer "$run"
  floor_parse parse "$run"
  # The same parse with libxml2 on gleaner's arena (XMLAllocator): context only.
  floor_parse parse-arena "$run" PARSE_FLOOR_ALLOCATOR=arena
}

if [ -n "$GLEANER" ] && "$GLEANER" parse --help 2>&1 | grep -q -- "--parser"; then
  log "gleaner parse: parse + extract every page from disk (no network, no state)"
  for run in $(seq 3); do
    # From the checkout's root: `parse` finds ./Parsers by itself.
    status=0
    (cd "$root" && /usr/bin/time -o "$WORK/time-gparse-$run" -f '%e %U %S %M' "$GLEANER" parse --parser tvseoul \
      $(cat "$WORK/pages.txt") > "$WORK/gparse.jsonl" 2> "$WORK/gparse.stderr") || status=$?
    [ "$status" = 0 ] || log "gleaner parse exited $status (see $WORK/gparse.stderr)"
    python3 - "$run" "$WORK/time-gparse-$run" "$(wc -l < "$WORK/pages.txt")" "$status" "$(wc -l < "$WORK/gparse.jsonl")" >> "$RESULTS" <<'PY'
import json, sys
w, u, s, m = open(sys.argv[2]).read().split("\n")[-2].split()
pages, cpu = int(sys.argv[3]), float(u) + float(s)
print(json.dumps({"arm": "gparse", "run": int(sys.argv[1]), "pages": pages, "wall_s": float(w),
  "pages_per_s": round(pages / float(w), 1), "cpu_s": round(cpu, 2), "cpu_s_per_1000": round(cpu / pages * 1000, 3),
  "rss_mb": round(int(m) / 1024, 1), "ok": sys.argv[4] == "0", "records": int(sys.argv[5])}))
PY
    tail -1 "$RESULTS" >&2
  done
fi

# ---------------------------------------------------------------- crawlers, alternating
sed -e "s#@PORT@#$PORT#g" -e "s#@WORK@#$WORK/gleaner-run#g" -e "s#@ROOT@#$root#g" "$here/gleaner-bench.toml.in" > "$WORK/bench.toml"
run_gleaner() {
  rm -rf "$WORK/gleaner-run"; mkdir -p "$WORK/gleaner-run"
  env -u http_proxy -u HTTP_PROXY ${GLEANER_ARM_ENV:-} /usr/bin/time -o "$1" -f '%e %U %S %M' "$GLEANER" once --config "$WORK/bench.toml" \
    > "$WORK/gleaner-run.stdout" 2> "$WORK/gleaner-run.stderr" &
  local pid=$!
  "$here/anonpeak.sh" "$pid" "$1.anon" & local sampler=$!
  wait "$pid" || log "gleaner exited $? (see $WORK/gleaner-run.stderr)"
  wait "$sampler"
  python3 "$here/check.py" "$SITE/truth" "$WORK/gleaner-run/out" > "$2" || true
}
run_scrapy() {
  rm -f "$WORK/scrapy-out.jsonl"
  ( cd "$WORK" && http_proxy="http://127.0.0.1:$PORT" HTTP_PROXY="" no_proxy="" NO_PROXY="" \
    exec /usr/bin/time -o "$1" -f '%e %U %S %M' "$VENV/bin/scrapy" runspider "$here/scrapy/tvseoul_spider.py" \
      -O "$WORK/scrapy-out.jsonl:jsonlines" > "$WORK/scrapy-run.stdout" 2> "$WORK/scrapy-run.stderr" ) &
  local pid=$!
  "$here/anonpeak.sh" "$pid" "$1.anon" & local sampler=$!
  wait "$pid" || log "scrapy exited $? (see $WORK/scrapy-run.stderr)"
  wait "$sampler"
  python3 "$here/check.py" "$SITE/truth" "$WORK/scrapy-out.jsonl" > "$2" || true
}
for run in $(seq "$RUNS"); do
  for arm in $ARMS; do
    log "run $run/$RUNS: $arm"
    from=$(log_lines); scpu0=$(server_cpu)
    if [[ $arm == gleaner@* ]]; then
      GLEANER_ARM_ENV=${arm#gleaner@} run_gleaner "$WORK/time-$arm-$run" "$WORK/check-$arm-$run.json"
    else
      "run_$arm" "$WORK/time-$arm-$run" "$WORK/check-$arm-$run.json"
    fi
    record "$arm" "$run" "$WORK/time-$arm-$run" "$from" "$WORK/check-$arm-$run.json" "$scpu0"
  done
  log "run $run/$RUNS: floors"
  floors "$run"
done

# ---------------------------------------------------------------- report
versions=$(
  echo "scrapy=$("$VENV/bin/scrapy" version)"
  echo "python=$("$VENV/bin/python" --version 2>&1)"
  echo "nginx=$("$NGINX" -v 2>&1 | sed 's/.*nginx\///')"
  echo "curl=$(curl --version | head -1 | cut -d' ' -f1-2)"
  echo "libxml2=$(pkg-config --modversion libxml-2.0)"
  echo "lxml=$("$VENV/bin/python" -c 'import lxml.etree as e; print(e.__version__, "libxml2", ".".join(map(str, e.LIBXML_VERSION)))')"
  [ -n "$GLEANER" ] && echo "gleaner=${BENCH_GLEANER_LABEL:-$(git -C "$root" rev-parse --short HEAD)} ($(swift --version 2>&1 | head -1))"
  true
)
python3 "$here/report.py" --results "$RESULTS" --manifest "$SITE/manifest.json" --doc "$DOC" \
  --command "make bench BENCH_ARTICLES=$ARTICLES BENCH_RUNS=$RUNS" --versions "$versions"
