#!/usr/bin/env bash
# bench/longrun.sh — the daemon on a fast schedule for 1,000+ runs (run by `make bench-longrun`).
#
# Against a small generated site (default 50 articles) on a local nginx:
#  1. cost per page of a first crawl vs a recrawl where everything answers 304
#     (`gleaner once` on a fresh state, then repeatedly on the same state, which sends
#     validators; process start-up measured by no-op runs and subtracted);
#  2. `gleaner run` with `every = "1s"` until the site has seen LONGRUN_RUNS runs (home page
#     requests), sampling the daemon's RSS after the first run, in the middle and at the end, and
#     its CPU per request over the whole steady state (all of it conditional GETs);
#  3. idle CPU: the schedule reloaded (SIGHUP) to `every = "1h"`, CPU over LONGRUN_IDLE seconds;
#  4. SIGTERM, exit status.
# Writes a JSON summary to bench/cache/longrun.json and a section into docs/benchmarks.md.
#
# Environment: LONGRUN_ARTICLES (50), LONGRUN_RUNS (1000), LONGRUN_IDLE (60 seconds),
# BENCH_GLEANER (binary; default the release build of this checkout), BENCH_WORK, BENCH_DOC.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ARTICLES=${LONGRUN_ARTICLES:-50}
RUNS=${LONGRUN_RUNS:-1000}
IDLE=${LONGRUN_IDLE:-60}
WORK=${BENCH_WORK:-$here/cache}
DOC=${BENCH_DOC:-$root/docs/benchmarks.md}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
L=$WORK/longrun
log() { printf '%s longrun: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
unset http_proxy HTTP_PROXY  # gleaner reads them when its proxy setting is empty

sudo=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
[ -x /usr/bin/time ] || need="$need time"
command -v curl >/dev/null || need="$need curl"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need="$need nginx-light"
if [ -n "$need" ]; then
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

GLEANER=${BENCH_GLEANER:-}
if [ -z "$GLEANER" ]; then
  log "building gleaner (release)"
  (cd "$root" && make --no-print-directory release 2>&1 | grep -E "error|warning: |Build" | tail -5) || true
  GLEANER=$root/.build/release/gleaner
fi
"$GLEANER" run --help 2>&1 | grep -q -- "--config" && "$GLEANER" once --help 2>&1 | grep -q -- "--source" || { log "$GLEANER has no run/once commands yet"; exit 1; }

SITE=$WORK/site-$ARTICLES
python3 "$here/gen_site.py" --articles "$ARTICLES" --out "$SITE"
rm -rf "$L"; mkdir -p "$L"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$here/serve.sh" "$SITE/site" "$L/nginx" "$PORT" &
NGINX_PID=$!
DAEMON_PID=""
cleanup() {
  [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null || true
  kill "$NGINX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break; sleep 0.1; done
ACCESS=$L/nginx/access.log

# Seeds: the home page and every section-list page, so that a recrawl is one conditional GET per
# list page (gleaner fetches seeds at every run; an unchanged list page links nothing new).
SEEDS=$(grep -E '^http://www\.tvseoul\.kr/($|news/section_list_all)' "$SITE/urls.txt" | sed 's/.*/"&"/' | paste -sd, -)
config() {  # config EVERY STATE_DIR > file
  sed -e "s#@PORT@#$PORT#g" -e "s#@WORK@#$2#g" -e "s#@EVERY@#$1#g" -e "s#@ROOT@#$root#g" \
      -e "s#@SEEDS@#[${SEEDS//&/\\&}]#" "$here/gleaner-longrun.toml.in"
}
lines() { wc -l < "$ACCESS"; }
# statuses FROM: "200=N 304=M" for the access log after line FROM
statuses() { tail -n +"$(($1 + 1))" "$ACCESS" | head -n "${2:-100000000}" | awk '{c[$2]++} END {for (s in c) printf "%s=%d ", s, c[s]}'; }
count() { tail -n +"$(($1 + 1))" "$ACCESS" | awk -v s="$2" '$2 == s' | wc -l; }
homes() { grep -c 'GET "/" ' "$ACCESS" || true; }
cpu_of() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
rss_of() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

# ---- 1. first crawl vs 304 recrawl, per page, process start-up subtracted
# Start-up and shutdown cost is measured by `once` runs with nothing due (every = "1h", just
# crawled: no request at all) and taken off both sides; the recrawl is repeated RECRAWLS times
# (with --source, which runs the source even though it is not due) so the 10 ms resolution of
# GNU time does not swamp it.
RECRAWLS=${LONGRUN_RECRAWLS:-10}
config 1h "$L/once" > "$L/once.toml"
cpu_time() { awk 'END {printf "%.3f", $2 + $3}' "$1"; }
from=$(lines)
/usr/bin/time -o "$L/time-first" -f '%e %U %S %M' "$GLEANER" once --config "$L/once.toml" > "$L/once1.log" 2>&1 || log "first once exited $?"
first_pages=$(($(lines) - from)); first_status=$(statuses "$from"); first_cpu=$(cpu_time "$L/time-first")
from=$(lines); idle_once_cpu=0
for i in $(seq 5); do
  /usr/bin/time -o "$L/time-noop" -f '%e %U %S %M' "$GLEANER" once --config "$L/once.toml" > "$L/once-noop.log" 2>&1 || true
  idle_once_cpu=$(python3 -c "print($idle_once_cpu + $(cpu_time "$L/time-noop"))")
done
noop_requests=$(($(lines) - from)); startup_cpu=$(python3 -c "print(round($idle_once_cpu / 5, 4))")
from=$(lines); re_cpu=0
for i in $(seq "$RECRAWLS"); do
  /usr/bin/time -o "$L/time-re" -f '%e %U %S %M' "$GLEANER" once --config "$L/once.toml" --source tvseoul-longrun > "$L/once2.log" 2>&1 || log "recrawl once exited $?"
  re_cpu=$(python3 -c "print($re_cpu + $(cpu_time "$L/time-re"))")
done
re_pages=$(($(lines) - from)); re_status=$(statuses "$from"); re_304=$(count "$from" 304)
log "first crawl: $first_pages requests ($first_status), $first_cpu s CPU; start-up $startup_cpu s CPU ($noop_requests requests); $RECRAWLS recrawls: $re_pages requests ($re_status), $re_cpu s CPU"

# ---- 2. the daemon, every second, for RUNS runs
config 1s "$L/daemon" > "$L/daemon.toml"
start_line=$(lines); homes0=$(homes)
"$GLEANER" run --config "$L/daemon.toml" > "$L/daemon.log" 2>&1 &
DAEMON_PID=$!
t0=$(date +%s)
declare -A rss cpu at
runs=0; deadline=$((t0 + RUNS * 5 + 600))
while :; do
  sleep 1
  kill -0 "$DAEMON_PID" 2>/dev/null || { log "daemon died:"; tail -20 "$L/daemon.log" >&2; exit 1; }
  runs=$(($(homes) - homes0))
  if [ -z "${rss[start]:-}" ] && [ "$runs" -ge 2 ]; then
    rss[start]=$(rss_of "$DAEMON_PID"); cpu[start]=$(cpu_of "$DAEMON_PID"); at[start]=$(lines); at_runs_start=$runs
    log "after the first run: RSS ${rss[start]} MB"
  fi
  if [ -z "${rss[middle]:-}" ] && [ "$runs" -ge $((RUNS / 2)) ]; then
    rss[middle]=$(rss_of "$DAEMON_PID"); log "run $runs: RSS ${rss[middle]} MB"
  fi
  if [ "$runs" -ge "$RUNS" ]; then
    rss[end]=$(rss_of "$DAEMON_PID"); cpu[end]=$(cpu_of "$DAEMON_PID"); at[end]=$(lines)
    log "run $runs: RSS ${rss[end]} MB"
    break
  fi
  [ "$(date +%s)" -lt "$deadline" ] || { log "only $runs runs before the deadline"; break; }
  [ $((runs % 100)) -eq 0 ] && [ "$runs" -gt 0 ] && log "run $runs"
done
t1=$(date +%s)
steady_requests=$(( ${at[end]:-$(lines)} - ${at[start]:-$start_line} ))
steady_status=$(statuses "${at[start]:-$start_line}" "$steady_requests")

# ---- 3. idle
config 1h "$L/daemon" > "$L/daemon.toml"
kill -HUP "$DAEMON_PID"
sleep 5
idle_from=$(lines); idle_cpu0=$(cpu_of "$DAEMON_PID")
sleep "$IDLE"
idle_cpu=$(python3 -c "print(round($(cpu_of "$DAEMON_PID") - $idle_cpu0, 2))")
idle_requests=$(($(lines) - idle_from)); rss_idle=$(rss_of "$DAEMON_PID")

# ---- 4. stop
kill -TERM "$DAEMON_PID"
set +e; wait "$DAEMON_PID"; exit_status=$?; set -e
DAEMON_PID=""

python3 - <<EOF > "$WORK/longrun.json"
import json
startup = $startup_cpu if $noop_requests == 0 else 0.0   # a no-op run that fetched is no baseline
first_per = ($first_cpu - startup) / $first_pages * 1000 if $first_pages else None
re_per = ($re_cpu - $RECRAWLS * startup) / $re_pages * 1000 if $re_pages else None
steady_cpu = round(${cpu[end]:-0} - ${cpu[start]:-0}, 2)
print(json.dumps({
  "articles": $ARTICLES, "runs": $runs, "runs_target": $RUNS, "seconds": $t1 - $t0,
  "startup_cpu_s": startup, "noop_requests": $noop_requests,
  "first_crawl": {"requests": $first_pages, "statuses": "$first_status".strip(), "cpu_s": $first_cpu,
                  "cpu_ms_per_page": round(first_per, 3) if first_per else None},
  "recrawl_once": {"runs": $RECRAWLS, "requests": $re_pages, "answered_304": $re_304, "statuses": "$re_status".strip(),
                   "cpu_s": round($re_cpu, 3), "cpu_ms_per_page": round(re_per, 3) if re_per else None},
  "daemon_steady": {"requests": $steady_requests, "statuses": "$steady_status".strip(), "cpu_s": steady_cpu,
                    "cpu_ms_per_request": round(steady_cpu / $steady_requests * 1000, 3) if $steady_requests else None,
                    "runs": $runs - ${at_runs_start:-0}},
  "rss_mb": {"after_first_run": ${rss[start]:-None}, "middle": ${rss[middle]:-None}, "end": ${rss[end]:-None},
             "after_idle": $rss_idle},
  "idle": {"seconds": $IDLE, "cpu_s": $idle_cpu, "cpu_percent": round($idle_cpu / $IDLE * 100, 3),
           "requests": $idle_requests},
  "sigterm_exit_status": $exit_status,
}))
EOF
cat "$WORK/longrun.json"
python3 "$here/report_longrun.py" "$WORK/longrun.json" "$DOC" "make bench-longrun LONGRUN_RUNS=$RUNS LONGRUN_ARTICLES=$ARTICLES"
