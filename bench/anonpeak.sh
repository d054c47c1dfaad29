#!/usr/bin/env bash
# anonpeak.sh PARENT_PID OUT — samples the anonymous (private, non-file) memory of PARENT_PID's
# child (the crawler under /usr/bin/time) every 50 ms until it exits; writes the peak in KB to OUT.
# Peak RSS also counts the pages of code and read-only data mapped from the binary and its
# libraries (shared, clean, droppable); this is the memory the crawl itself holds.
parent=$1 out=$2 peak=0 child=""
for _ in $(seq 200); do
  child=$(pgrep -P "$parent" | head -1)
  [ -n "$child" ] && break
  sleep 0.01
done
while [ -n "$child" ] && [ -r "/proc/$child/smaps_rollup" ]; do
  kb=$(awk '/^Anonymous:/ {print $2}' "/proc/$child/smaps_rollup" 2>/dev/null)
  [ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
  sleep 0.05
done
echo "$peak" > "$out"
