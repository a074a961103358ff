#!/usr/bin/env bash
# Two pull-mode hosts for `certflow agent` (issue 21): agent1 on 127.0.0.41 and agent2 on
# 127.0.0.42. Each is a private mount (and UTS) namespace with its own /etc/ssl, /etc/nginx, /run
# and /var/log/nginx and its own nginx serving HTTPS; no sshd (nothing is pushed to them). Tests
# run the agent inside a host with `nsenter --mount --uts --target <pid>`, the PID recorded in
# $PIDDIR/agent<N>.pid (a `sleep infinity` that holds the namespace).
#
# Usage: agent-hosts.sh configure|start|ready|stop   (sources testbed/lib.sh; state in $STATE)
# configure: writes each host's files; start: starts the namespaces and nginx; ready: waits
# until both serve TLS and writes $STATE/agent-hosts.env; stop: stops exactly these processes.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

AGENT_NAMES=(agent1 agent2)
AGENT_ADDRS=(127.0.0.41 127.0.0.42)
AGENT_ENV=$STATE/agent-hosts.env

placeholder() { # dir host names...
  local dir=$1 host=$2 san
  shift 2
  san=$(printf 'DNS:%s,' "$@")
  mkdir -p "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" \
    -subj "/O=certflow testbed placeholder/CN=$1 on $host" -addext "subjectAltName=${san%,}" 2>/dev/null
  chmod 0600 "$dir/privkey.pem"
}

cmd_configure() {
  local i host addr H site
  mkdir -p "$PIDDIR" "$LOGDIR"
  for i in "${!AGENT_NAMES[@]}"; do
    host=${AGENT_NAMES[$i]} addr=${AGENT_ADDRS[$i]} H=$STATE/${AGENT_NAMES[$i]}
    rm -rf "$H"
    mkdir -p "$H/run" "$H/log" "$H/etc-nginx/sites" "$H/etc-nginx/conf.d" "$H/agent"
    chmod 0700 "$H/agent"
    cp -a /etc/ssl "$H/etc-ssl"
    rm -rf "$H/etc-ssl/certflow"
    cp /etc/nginx/mime.types "$H/etc-nginx/mime.types"
    cat >"$H/etc-nginx/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log notice;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	access_log /var/log/nginx/access.log;
	ssl_protocols TLSv1.2 TLSv1.3;
	ssl_session_cache off;
	ssl_session_tickets off;
	include /etc/nginx/sites/*.conf;
	include /etc/nginx/conf.d/*.conf;
}
CONF
    for site in www api; do
      placeholder "$H/etc-ssl/certflow/$site" "$host" "$site.agent.certflow.test"
      cat >"$H/etc-nginx/sites/$site.conf" <<CONF
server {
	listen $addr:$HTTPS_PORT ssl$([[ $site == www ]] && echo ' default_server');
	server_name $site.agent.certflow.test;
	ssl_certificate /etc/ssl/certflow/$site/fullchain.pem;
	ssl_certificate_key /etc/ssl/certflow/$site/privkey.pem;
	location / { return 200 "$host $site\n"; }
}
CONF
    done
  done
}

cmd_start() {
  local i H
  for i in "${!AGENT_NAMES[@]}"; do
    H=$STATE/${AGENT_NAMES[$i]}
    # shellcheck disable=SC2016 # expanded by the inner shell
    spawn "${AGENT_NAMES[$i]}" "$(readlink -f "$(command -v sleep)")" \
      unshare --mount --uts --propagation private bash -c '
        set -e
        H=$1
        mount --bind "$H/etc-ssl" /etc/ssl
        mount --bind "$H/etc-nginx" /etc/nginx
        mount --bind "$H/run" /run
        mount --bind "$H/log" /var/log/nginx
        hostname "$2"
        nginx
        exec sleep infinity
      ' agent-ns "$H" "${AGENT_NAMES[$i]}"
  done
}

tls_up() { # addr
  openssl s_client -connect "$1:$HTTPS_PORT" -servername "www.agent.certflow.test" </dev/null 2>/dev/null |
    grep -q 'BEGIN CERTIFICATE'
}

cmd_ready() {
  local i deadline pid
  for i in "${!AGENT_NAMES[@]}"; do
    deadline=$((SECONDS + 15))
    until pid_of "${AGENT_NAMES[$i]}" >/dev/null && tls_up "${AGENT_ADDRS[$i]}"; do
      ((SECONDS < deadline)) || { log "${AGENT_NAMES[$i]} not ready (see $LOGDIR/${AGENT_NAMES[$i]}.log)"; exit 1; }
      sleep 0.1
    done
  done
  {
    echo "# certflow test bed: agent hosts, written by testbed/services/agent-hosts.sh. KEY=value."
    for i in "${!AGENT_NAMES[@]}"; do
      pid=$(pid_of "${AGENT_NAMES[$i]}")
      echo "AGENT$((i + 1))_NAME=${AGENT_NAMES[$i]}"
      echo "AGENT$((i + 1))_ADDR=${AGENT_ADDRS[$i]}"
      echo "AGENT$((i + 1))_PID=$pid"
      echo "AGENT$((i + 1))_DIR=$STATE/${AGENT_NAMES[$i]}"
    done
  } >"$AGENT_ENV.tmp"
  mv "$AGENT_ENV.tmp" "$AGENT_ENV"
}

cmd_stop() {
  local name pid victims=()
  rm -f "$AGENT_ENV"
  for name in "${AGENT_NAMES[@]}"; do
    pid=$(pid_of "$name") || continue
    # Everything in the host's namespace (nginx master and workers), then the holder itself.
    mapfile -t -O "${#victims[@]}" victims < <(pids_in_mount_ns "$pid")
    victims+=("$pid")
  done
  ((${#victims[@]})) || return 0
  kill -TERM "${victims[@]}" 2>/dev/null || true
  sleep 0.3
  for pid in "${victims[@]}"; do
    if running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
}

service_main "$@"
