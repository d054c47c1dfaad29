#!/usr/bin/env bash
# serve.sh SITE_DIR WORK_DIR PORT — run nginx in the foreground on 127.0.0.1:PORT serving
# SITE_DIR, with its config, pid, logs and temp files under WORK_DIR. Installs nginx when missing.
set -euo pipefail
site=$(cd "$1" && pwd); work=$(mkdir -p "$2" && cd "$2" && pwd); port=$3
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
fi
mkdir -p "$work/tmp"
sed -e "s#@PORT@#$port#g" -e "s#@WORK@#$work#g" -e "s#@SITE@#$site#g" "$here/nginx.conf.in" > "$work/nginx.conf"
exec "$(command -v nginx || echo /usr/sbin/nginx)" -p "$work" -c "$work/nginx.conf" -e "$work/error.log"
