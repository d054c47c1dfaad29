#!/usr/bin/env bash
# Runs the store benchmarks; the temp files go under $TMPDIR (or /tmp) and are removed after.
set -euo pipefail
bin=${1:-.build/release/bench-store}
echo "## throughput: 200k records, batches of 100 pages"
"$bin" throughput --records 200000 --pages-per-batch 100
echo
echo "## throughput: 64k records, batches of 16 pages (the crawl stage's batch size)"
"$bin" throughput --records 64000 --pages-per-batch 16
echo
echo "## throughput: 200k records, batches of 10 pages"
"$bin" throughput --records 200000 --pages-per-batch 10
echo
echo "## state size: 1M urls"
"$bin" size --urls ${URLS:-1000000}
