#!/usr/bin/env bash
# Test bed service "haproxy": an SSH host at 127.0.0.31 whose HAProxy (Debian's) terminates TLS on
# 127.0.0.31:443 with one combined PEM file (chain + key), /etc/ssl/certflow/www/site.pem, for
# www.haproxy.certflow.test. Master-worker mode: `kill -USR2 $(cat /run/haproxy.pid)` is the
# graceful reload (the old worker finishes its connections; a bad config leaves it serving).
# Usage: testbed/services/haproxy.sh configure|start|ready|stop
set -euo pipefail
# shellcheck source=../kind-host.sh
source "$(dirname "${BASH_SOURCE[0]}")/../kind-host.sh"

ADDR=127.0.0.31

haproxy_configure() {
  local H=$STATE/haproxy
  kind_configure haproxy "$ADDR"
  kind_placeholder haproxy www haproxy www.haproxy.certflow.test
  cat "$H/etc-ssl/certflow/www/fullchain.pem" "$H/etc-ssl/certflow/www/privkey.pem" \
    >"$H/etc-ssl/certflow/www/site.pem"
  chmod 0600 "$H/etc-ssl/certflow/www/site.pem"
  mkdir -p "$H/etc-haproxy"
  cat >"$H/etc-haproxy/haproxy.cfg" <<CONF
global
	pidfile /run/haproxy.pid
	stats socket /run/haproxy.sock mode 600 level admin
	# Every handshake shows the certificate HAProxy holds now.
	tune.ssl.cachesize 0
	ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets

defaults
	mode http
	timeout connect 5s
	timeout client 10s
	timeout server 10s

frontend www
	bind $ADDR:443 ssl crt /etc/ssl/certflow/www/site.pem
	http-request return status 200 content-type text/plain string "haproxy www"
CONF
  kind_mount "$H/etc-haproxy" /etc/haproxy
  cat >"$H/boot.sh" <<'BOOT'
haproxy -W -D -p /run/haproxy.pid -f /etc/haproxy/haproxy.cfg
BOOT
}

haproxy_tls() {
  openssl s_client -connect "$ADDR:443" -servername www.haproxy.certflow.test </dev/null 2>/dev/null |
    grep -q 'BEGIN CERTIFICATE'
}
haproxy_ready() { wait_until haproxy 15 haproxy_tls; }
haproxy_env() {
  # shellcheck disable=SC2016 # the reload command runs on the host, as written
  kind_env haproxy "$ADDR" "HTTPS_PORT=443" "SITE=www" "SERVERNAME=www.haproxy.certflow.test" \
    "VALIDATE=haproxy -c -f /etc/haproxy/haproxy.cfg" 'RELOAD=kill -USR2 $(cat /run/haproxy.pid)'
}

kind_main haproxy "$ADDR" "${1:-}"
