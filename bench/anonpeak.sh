#!/usr/bin/env bash
# anonpeak.sh PARENT_PID OUT — samples the memory of PARENT_PID's child (the crawler under
# /usr/bin/time) every 50 ms until it exits; writes the peak anonymous memory in KB to OUT and the
# peak PSS in KB to OUT.pss. Peak RSS also counts the pages of code and read-only data mapped from
# the binary and its libraries (shared, clean, droppable): anonymous memory is what the crawl
# itself holds, PSS what it costs the machine with shared pages divided among their users.
parent=$1 out=$2 peak=0 pss=0 child=""
for _ in $(seq 200); do
  child=$(pgrep -P "$parent" | head -1)
  [ -n "$child" ] && break
  sleep 0.01
done
while [ -n "$child" ] && [ -r "/proc/$child/smaps_rollup" ]; do
  read -r kb pkb < <(awk '/^Anonymous:/ {a=$2} /^Pss:/ {p=$2} END {print a+0, p+0}' "/proc/$child/smaps_rollup" 2>/dev/null)
  [ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
  [ -n "$pkb" ] && [ "$pkb" -gt "$pss" ] && pss=$pkb
  sleep 0.05
done
echo "$peak" > "$out"
echo "$pss" > "$out.pss"
