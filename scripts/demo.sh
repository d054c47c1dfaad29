#!/usr/bin/env bash
# make demo: serve the bundled replica of TV서울 on 127.0.0.1, crawl it once with
# Config/demo.toml, and show where the records went and a few of them. No internet needed.
set -eu
cd "$(dirname "$0")/.."
GLEANER=${GLEANER:-.build/debug/gleaner}

rm -rf var/demo
mkdir -p var/demo
# Config/demo.toml names port 8089; when it is taken, the server takes a free port and the
# --connect-to option below points gleaner there instead.
port=8089
python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', $port))" 2>/dev/null || port=0
scripts/demo-server.py --port "$port" --port-file var/demo/port --quiet 2> var/demo/server.log &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s var/demo/port ] && break; sleep 0.1; done
PORT=$(cat var/demo/port)
connect=(--connect-to "www.tvseoul.kr:80:127.0.0.1:$PORT" --connect-to "tvseoul.kr:80:127.0.0.1:$PORT")

echo "== gleaner once --config Config/demo.toml  (www.tvseoul.kr:80 → 127.0.0.1:$PORT)"
status=0
"$GLEANER" once --config Config/demo.toml "${connect[@]}" || status=$?
echo
if [ "$status" = 1 ]; then
  echo "(exit status 1: the replica holds 6 of the site's pages; the links to the others answered 404,"
  echo " and gleaner counts such pages as failed without stopping the run)"
elif [ "$status" != 0 ]; then
  echo "gleaner failed with status $status"; exit "$status"
fi

echo "(tvseoul-feeds took its articles from the replica's RSS feed and the sitemap robots.txt"
echo " announces; its 'feeds:' part says how many entries each document listed and what became of them)"
echo
echo "== output files (sealed *.jsonl are complete; consumers read only those)"
find var/demo/out -type f | sort | while read -r f; do printf '%6s lines  %s\n' "$(wc -l < "$f")" "$f"; done
echo
echo "== an article (first record, abbreviated)"
jq -c '{type, site, id, revision, url, title, authors, published_at, paragraphs: (.body | length)}' \
  var/demo/out/article/*.jsonl | head -3
echo
echo "== weather: the 16 KMA stations of the home page's widget"
jq -r '"\(.date) \(.location)\t\(.condition) (\(.condition_code))\t\(.temperature_c) °C"' var/demo/out/weather/*.jsonl | head -16
echo
echo "== teasers (first 3)"
jq -c '{title, target_url, box}' var/demo/out/teaser/*.jsonl | head -3
echo
echo "== a second run: the server answers 304 Not Modified to conditional GETs, nothing new is written"
"$GLEANER" once --config Config/demo.toml "${connect[@]}" --all || true
echo
echo "== gleaner status --state-dir var/demo/state   (safe while the daemon runs)"
"$GLEANER" status --state-dir var/demo/state || true
echo
echo "metrics for node_exporter: var/demo/state/gleaner.prom"
