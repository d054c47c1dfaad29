#!/usr/bin/env bash
# Instructions per page under callgrind: each level runs N1 and N2 times in two processes and
# the difference is divided by N2-N1, so start-up, loading and warm-up cancel out. Instruction
# counts repeat to a fraction of a percent even on a loaded machine, unlike wall or CPU time.
# Usage: bench/callgrind-parse.sh [page.html | dir of article pages] ; needs valgrind and a
# release build. BENCH_EMIT / BENCH_PAGES pass through (see bench/parse/main.swift). With a
# directory, N2-N1 equals the page count (BENCH_PAGES, default 50), so the difference covers
# every page exactly once.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
page="${1:-Parsers/tvseoul/fixtures/article_62031.html}"
# Valgrind cannot read Swift's DWARF ("possibly corrupted debuginfo"): run a copy without it;
# the symbol table stays, so callgrind_annotate still names functions.
bin="$(mktemp)"; trap 'rm -f "$bin"' EXIT
# BENCH_BIN=path measures another build (a copy of an older gleaner-bench-parse, to compare).
objcopy --strip-debug "${BENCH_BIN:-$root/.build/release/gleaner-bench-parse}" "$bin"
if [ -d "$page" ]; then n1=10; n2=$(( 10 + ${BENCH_PAGES:-50} )); else n1=5; n2=25; fi
n1="${N1:-$n1}"; n2="${N2:-$n2}"
total() {  # total instructions of one run: level $1, count $2
  local out; out="${CALLGRIND_KEEP:-$(mktemp)}.$2"
  BENCH_ONLY="$1" BENCH_COUNT="$2" valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$bin" "$root" "$page" 1 >/dev/null 2>&1
  awk '/^summary:/ {print $2}' "$out"; [ -n "${CALLGRIND_KEEP:-}" ] || rm -f "$out"
}
for level in "bare htmlReadMemory" "libxml2 parse only" "SiteParser.parse"; do
  a=$(total "$level" $n1); b=$(total "$level" $n2)
  echo "$level: $(( (b - a) / (n2 - n1) )) instructions/page"
done
