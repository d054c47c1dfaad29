#!/usr/bin/env bash
# bench/symbol-order.sh — regenerate Sources/gleaner/symbol-order.txt (run by `make symbol-order`).
#
# The release link places the functions a crawl executes next to each other (lld's
# --symbol-ordering-file, see Package.swift). The kernel maps a binary's code in 64 KB blocks around
# each page it faults in, so the Swift runtime, Foundation and the dependencies' code, spread over
# 22 MB, were ~19 MB resident in every gleaner process; packed, far less is (docs/benchmarks.md).
#
# The list is every function of gleaner's own binary that valgrind's callgrind sees executed while
# gleaner crawls a small generated site on a local nginx: a `gleaner once`, then `gleaner run` on a
# 2 s schedule (first crawl, recrawls answered 304, SIGTERM). Order: the functions run after
# CodePages.release() (the crawling, which maps back only what it runs), first seen first, then
# those only the start-up ran. A function
# missing from the list (renamed since, or on a path the crawl does not take) still links; it is
# placed after the listed ones and costs at most a 64 KB block when it runs.
#
# Environment: ORDER_ARTICLES (50), ORDER_RUN_SECONDS (45: time under valgrind, ~50x slower),
# BENCH_WORK (bench/cache).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ARTICLES=${ORDER_ARTICLES:-50}
SECONDS_RUN=${ORDER_RUN_SECONDS:-45}
WORK=${BENCH_WORK:-$here/cache}/symbol-order
OUT=$root/Sources/gleaner/symbol-order.txt
log() { printf '%s symbol-order: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
unset http_proxy HTTP_PROXY

sudo=$([ "$(id -u)" = 0 ] || echo sudo)
need=""
command -v valgrind >/dev/null || need="$need valgrind"
command -v curl >/dev/null || need="$need curl"
if [ -n "$need" ]; then
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

log "building gleaner (release)"
(cd "$root" && make --no-print-directory release 2>&1 | grep -E "error|warning: |Build" | tail -3)
rm -rf "$WORK"; mkdir -p "$WORK"
# valgrind cannot read Swift's DWARF; the symbol table is all it needs here. Names stay mangled
# (--demangle=no below) so that the C++ functions (the Swift runtime's, ICU's) match nm's names.
objcopy --strip-debug "$root/.build/release/gleaner" "$WORK/gleaner"

python3 "$here/gen_site.py" --articles "$ARTICLES" --out "$WORK/site"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$here/serve.sh" "$WORK/site/site" "$WORK/nginx" "$PORT" &
NGINX_PID=$!
trap 'kill $NGINX_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break; sleep 0.1; done

config() {  # config EVERY DIR
  sed -e "s#@PORT@#$PORT#g" -e "s#@WORK@#$2#g" -e "s#@EVERY@#$1#g" -e "s#@ROOT@#$root#g" \
      -e 's#@SEEDS@#["http://www.tvseoul.kr/"]#' "$here/gleaner-longrun.toml.in" > "$2.toml"
}
config 1h "$WORK/once"
log "callgrind: gleaner once"
valgrind --tool=callgrind --demangle=no --dump-before=gl_code_pages_release --callgrind-out-file="$WORK/once.cg" "$WORK/gleaner" once --config "$WORK/once.toml" \
  > "$WORK/once.log" 2>&1
config 2s "$WORK/run"
log "callgrind: gleaner run for ${SECONDS_RUN}s"
valgrind --tool=callgrind --demangle=no --dump-before=gl_code_pages_release --callgrind-out-file="$WORK/run.cg" "$WORK/gleaner" run --config "$WORK/run.toml" \
  > "$WORK/run.log" 2>&1 &
RUN_PID=$!
sleep "$SECONDS_RUN"
kill -TERM "$RUN_PID"
wait "$RUN_PID" || { log "gleaner run under valgrind did not exit cleanly: $WORK/run.log"; exit 1; }

nm --defined-only "$WORK/gleaner" | awk '$2 ~ /^[tTwW]$/ {print $3}' > "$WORK/text-symbols"
# callgrind wrote a part per gl_code_pages_release (--dump-before): NAME.1 is the start-up, the
# parts after it (NAME.2…, then NAME) are the crawling. The crawl's functions come first, so that
# what is mapped back after CodePages.release() is packed; the start-up's follow.
python3 - "$WORK/text-symbols" "$WORK" > "$OUT.tmp" <<'EOF2'
import glob, re, sys
defined = set(open(sys.argv[1]).read().split('\n'))
def parts(name):  # NAME.2, NAME.3, …, then NAME: the crawling, in time order
    numbered = sorted(glob.glob(f'{sys.argv[2]}/{name}.cg.*'), key=lambda p: int(p.rsplit('.', 1)[1]))
    return [p for p in numbered if not p.endswith('.cg.1')] + [f'{sys.argv[2]}/{name}.cg']
seen, order = set(), []
def add(path):
    for line in open(path, errors='replace'):
        m = re.match(r'^c?fn=\(\d+\) (.+)$', line.rstrip('\n'))
        if m and m.group(1) in defined and m.group(1) not in seen:
            seen.add(m.group(1)); order.append(m.group(1))
for path in parts('once') + parts('run'): add(path)
crawl = len(order)
for name in ('once', 'run'): add(f'{sys.argv[2]}/{name}.cg.1')
if crawl < 1000:
    sys.exit(f'only {crawl} functions found in the crawl: is the binary stripped or the crawl broken?')
print(f'{crawl} functions run while crawling, {len(order) - crawl} only at start-up', file=sys.stderr)
print('\n'.join(order))
EOF2
mv "$OUT.tmp" "$OUT"
# SwiftPM does not see the list as an input of the link: make the next release build relink.
rm -f "$root/.build/release/gleaner"
log "$(wc -l < "$OUT") functions → ${OUT#$root/}"
