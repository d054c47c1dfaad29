#!/usr/bin/env bash
# bench/recrawl-steady.sh BIN [BIN ...] — the daemon's CPU per 304 request in its steady state
# (run by `make bench-recrawl-steady`; docs/benchmarks.md).
#
# For each binary in turn (alternate them: this VM drifts ±20 % within minutes): a fresh state,
# `gleaner run` with `every = "1s"` against a small generated site on a local nginx, with the
# home page and the 39 section lists as seeds, so every run after the first is 40 conditional
# GETs answering 304; after WARMUP seconds, the daemon's CPU over SECONDS seconds (perf stat
# task-clock when perf is there, else utime+stime in 10 ms ticks) divided by nginx's requests.
# Environment: SECONDS_SAMPLED (30), WARMUP (6), BENCH_WORK (a temporary directory).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SAMPLE=${SECONDS_SAMPLED:-30}
WARMUP=${WARMUP:-6}
WORK=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$WORK"
unset http_proxy HTTP_PROXY
[ $# -gt 0 ] || { echo "usage: $0 GLEANER_BINARY [...]" >&2; exit 2; }
SITE=$WORK/site-50
[ -d "$SITE" ] || python3 "$here/gen_site.py" --articles 50 --out "$SITE" >/dev/null
SEEDS=$(grep -E '^http://www\.tvseoul\.kr/($|news/section_list_all)' "$SITE/urls.txt" | sed 's/.*/"&"/' | paste -sd, -)
for BIN in "$@"; do
  W=$WORK/run-$$; rm -rf "$W"; mkdir -p "$W"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$here/serve.sh" "$SITE/site" "$W/nginx" "$PORT" & NGINX=$!
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break; sleep 0.1; done
  sed -e "s#@PORT@#$PORT#g" -e "s#@WORK@#$W#g" -e "s#@EVERY@#1s#g" -e "s#@ROOT@#$root#g" \
      -e "s#@SEEDS@#[${SEEDS//&/\\&}]#" "$here/gleaner-longrun.toml.in" > "$W/gleaner.toml"
  "$BIN" run --config "$W/gleaner.toml" > "$W/daemon.log" 2>&1 & DAEMON=$!
  sleep "$WARMUP"
  ticks() { awk '{print $14 + $15}' "/proc/$DAEMON/stat"; }
  t0=$(ticks); l0=$(wc -l < "$W/nginx/access.log")
  if command -v perf >/dev/null && perf stat -e task-clock -p "$DAEMON" -x, -o "$W/perf" -- sleep "$SAMPLE" 2>/dev/null; then
    ms=$(awk -F, '/task-clock/ {print $1}' "$W/perf")
  else
    sleep "$SAMPLE"; ms=""
  fi
  t1=$(ticks); l1=$(wc -l < "$W/nginx/access.log")
  n=$((l1 - l0)); n304=$(tail -n +$((l0 + 1)) "$W/nginx/access.log" | awk '$2 == 304' | wc -l)
  python3 - "$BIN" "$n" "$n304" "$t0" "$t1" "${ms:-nan}" <<'PY'
import sys
bin, n, n304, t0, t1, ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
print(f"{bin}: {n} requests ({n304} answered 304), {(t1 - t0) * 10 / n:.3f} ms CPU per request (ticks), "
      f"{ms / n:.3f} ms (task-clock)")
PY
  kill "$DAEMON"; wait "$DAEMON" 2>/dev/null || true
  kill "$NGINX"; wait "$NGINX" 2>/dev/null || true
  rm -rf "$W"
done
