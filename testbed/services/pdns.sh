#!/usr/bin/env bash
# PowerDNS on 127.0.0.1:10054 with its HTTP API on :18081 (gsqlite3, zone
# pdns.test), for certflow's powerdns provider. Reached by Pebble through
# bind's forward zone.
# Usage: testbed/services/pdns.sh configure|start|ready|stop|env
# Interface: testbed/README.md.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PD=$STATE/pdns

# api_key -> the key configure wrote into pdns.conf.
api_key() {
  local line
  while IFS= read -r line; do
    if [[ $line == api-key=* ]]; then
      printf '%s\n' "${line#api-key=}"
      return 0
    fi
  done <"$PD/pdns.conf"
  log "pdns: no api-key in $PD/pdns.conf"
  return 1
}

cmd_configure() {
  local schema
  not_running pdns
  need pdns_server pdnsutil sqlite3 openssl curl dig
  state_dirs
  mkdir -p "$PD"
  render pdns/pdns.conf PD="$PD" PDNS_ADDR="$PDNS_ADDR" PDNS_PORT="$PDNS_PORT" \
    PDNS_API_KEY="$(openssl rand -hex 24)" PDNS_API_PORT="$PDNS_API_PORT" PDNS_ZONE="$PDNS_ZONE" \
    >"$PD/pdns.conf"
  schema=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
  [[ -f $schema ]] || schema=/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql
  sqlite3 "$PD/pdns.sqlite3" <"$schema"
  render pdns/zone PDNS_ZONE="$PDNS_ZONE" >"$PD/$PDNS_ZONE.zone"
  pdnsutil --config-dir="$PD" load-zone "$PDNS_ZONE" "$PD/$PDNS_ZONE.zone" >>"$LOGDIR/pdns.log" 2>&1 ||
    { log "pdns: loading $PDNS_ZONE failed"; show_log pdns; exit 1; }
}

cmd_start() {
  spawn pdns "$(exe_of pdns_server)" pdns_server --config-dir="$PD"
}

cmd_ready() {
  local key
  key=$(api_key)
  wait_until pdns 10 pid_recorded pdns
  wait_until pdns 15 probe_pdns_api "$key"
  # pdns.test through bind's forward zone (what Pebble will use).
  wait_until named 10 probe_soa "$DNS_ADDR" "$DNS_PORT" "$PDNS_ZONE"
}

cmd_stop() {
  stop_names pdns
}

cmd_env() {
  local key
  key=$(api_key)
  echo "PDNS_SERVER=$PDNS_ADDR:$PDNS_PORT"
  echo "PDNS_HOST=$PDNS_ADDR"
  echo "PDNS_PORT=$PDNS_PORT"
  echo "PDNS_API_URL=http://$PDNS_ADDR:$PDNS_API_PORT"
  echo "PDNS_API_KEY=$key"
  echo "PDNS_SERVER_ID=localhost"
  echo "PDNS_ZONE=$PDNS_ZONE"
}

service_main "$@"
