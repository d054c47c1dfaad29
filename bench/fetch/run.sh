#!/usr/bin/env bash
# Fetch throughput on loopback: nginx serves PAGES static ~80 KB pages on 127.0.0.1; bench-fetch
# fetches them FETCHES times with CONCURRENCY transfers in flight, through the polite Fetcher
# (robots.txt, politeness with no delay, retries) and through the bare HTTPClient.
# Usage: bench/fetch/run.sh   (env: PAGES FETCHES CONCURRENCY PORT GZIP=on|off)
set -euo pipefail
cd "$(dirname "$0")/../.."
PAGES=${PAGES:-2000}
FETCHES=${FETCHES:-20000}
CONCURRENCY=${CONCURRENCY:-16}
PORT=${PORT:-18089}
GZIP=${GZIP:-off}
WORK=$PWD/bench/cache/fetch
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "installing nginx (light) for the benchmark"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

mkdir -p "$WORK/site" "$WORK/nginx/logs" "$WORK/nginx/tmp"
if [ ! -f "$WORK/site/page-$((PAGES - 1)).html" ]; then
  python3 - "$WORK/site" "$PAGES" <<'PY'
import random, sys
root, pages = sys.argv[1], int(sys.argv[2])
random.seed(1)
syllables = [chr(c) for c in range(0xAC00, 0xAC00 + 400)]
for n in range(pages):
    parts = ['<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>기사 %d</title></head><body><article>' % n]
    size = 0
    while size < 80_000:
        para = "".join(random.choice(syllables) + (" " if random.random() < 0.3 else "") for _ in range(120))
        parts.append("<p>%s</p>\n" % para)
        size += len(parts[-1].encode())
    parts.append("</article></body></html>\n")
    open("%s/page-%d.html" % (root, n), "w", encoding="utf-8").write("".join(parts))
open(root + "/robots.txt", "w").write("User-agent: *\nDisallow: /private/\n")
PY
fi

cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  keepalive_requests 1000000;
  sendfile on;
  gzip $GZIP;
  default_type text/html;
  server { listen 127.0.0.1:$PORT; root $WORK/site; }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g "daemon off;" &
NGINX_PID=$!
trap 'kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/robots.txt" 2>/dev/null && break; sleep 0.1; done

BIN=.build/release/bench-fetch
[ -x "$BIN" ] || swift build -c release --product bench-fetch
echo "== nginx $("$NGINX" -v 2>&1 | sed 's/.*\///'), gzip $GZIP, $PAGES pages of $(du -k "$WORK/site/page-0.html" | cut -f1) KB, $FETCHES fetches, concurrency $CONCURRENCY, $(nproc) cores"
for mode in fetcher client; do
  /usr/bin/time -f "wall %e s, max RSS %M KiB" "$BIN" "http://www.tvseoul.kr/" "$PAGES" "$FETCHES" "$CONCURRENCY" "$mode" "www.tvseoul.kr:80:127.0.0.1:$PORT"
done
