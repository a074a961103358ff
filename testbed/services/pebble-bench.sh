#!/usr/bin/env bash
# Test bed service "pebble-bench": a Pebble of the benchmarks' own, https://127.0.0.1:14300/dir
# (management :15300), as deterministic as the main one (no nonce rejection, no validation sleeps,
# no authorization reuse) and served with the same HTTPS certificate (pebble.sh makes it).
# Why a separate CA: `npm run bench` orders 1,000 certificates at 64 at a time. On the shared main
# Pebble that starves the tests running beside it, and Pebble 2.4.0 can wedge under such load
# (every handler then hangs, also for everyone else). Here only the bench pays for it.
# Its endpoints are in $STATE/pebble-bench.env (written when ready) and in this script's `env`.
# Usage: testbed/services/pebble-bench.sh configure|start|ready|stop|env
set -euo pipefail
# Pebble reads PEBBLE_* knobs from its environment: never inherit the caller's.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^PEBBLE_' || true)
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

NAME=pebble-bench
DIR=$STATE/pebble-bench
BENCH_ENV=$STATE/pebble-bench.env

cmd_configure() {
  need pebble
  not_running "$NAME"
  state_dirs
  [[ -s $STATE/pebble/server.pem ]] || { log "$NAME: no $STATE/pebble/server.pem: configure pebble.sh first"; exit 1; }
  mkdir -p "$DIR"
  render pebble/pebble.json LISTEN="$PEBBLE_ADDR:$PEBBLE_BENCH_PORT" MGMT="$PEBBLE_ADDR:$PEBBLE_BENCH_MGMT_PORT" \
    CERT="$STATE/pebble/server.pem" KEY="$STATE/pebble/server.key" >"$DIR/pebble.json"
}

cmd_start() {
  if pid_of "$NAME" >/dev/null; then
    log "$NAME already running"
    return 0
  fi
  PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
    spawn "$NAME" "$(exe_of pebble)" pebble -config "$DIR/pebble.json" -dnsserver "$DNS_ADDR:$DNS_PORT"
}

cmd_ready() {
  wait_until "$NAME" 10 pid_recorded "$NAME"
  wait_until "$NAME" 15 probe_pebble "$PEBBLE_BENCH_PORT" "$PEBBLE_BENCH_MGMT_PORT"
  cmd_env >"$BENCH_ENV.tmp"
  mv "$BENCH_ENV.tmp" "$BENCH_ENV"
}

cmd_stop() {
  stop_names "$NAME"
  rm -f "$BENCH_ENV"
}

cmd_env() {
  local m=https://$PEBBLE_ADDR:$PEBBLE_BENCH_MGMT_PORT
  echo "PEBBLE_BENCH_DIRECTORY=https://$PEBBLE_ADDR:$PEBBLE_BENCH_PORT/dir"
  echo "PEBBLE_BENCH_MGMT=$m"
  echo "PEBBLE_BENCH_ROOT_URL=$m/roots/0"
}

service_main "$@"
