#!/usr/bin/env bash
# Pebble, the ACME CA, in two instances sharing one HTTPS CA:
#   main   https://127.0.0.1:14000/dir: deterministic (no nonce rejection, no
#          validation sleeps, no authorization reuse)
#   chaos  https://127.0.0.1:14100/dir: 30 % badNonce, random validation sleeps
# Usage: testbed/services/pebble.sh configure|start|ready|stop|env [main|chaos ...]
# (no instance: both). Interface: testbed/README.md.
set -euo pipefail
# Pebble reads PEBBLE_* knobs from its environment: never inherit the caller's
# (a stray PEBBLE_VA_ALWAYS_VALID=1 would make every DNS-01 test meaningless).
while read -r v; do unset "$v"; done < <(compgen -e | grep '^PEBBLE_' || true)
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PB=$STATE/pebble
CHAOS_NONCE_REJECT=30

# instances ARGS... -> the instances named (default: both), as recorded names.
instances() {
  local inst
  (($#)) || set -- main chaos
  for inst; do
    case $inst in
      main) echo pebble ;;
      chaos) echo pebble-chaos ;;
      *)
        log "pebble: unknown instance '$inst' (known: main chaos)"
        return 2
        ;;
    esac
  done
}
# ports NAME -> "port mgmt_port" of a recorded name.
ports() {
  case $1 in
    pebble) echo "$PEBBLE_PORT $PEBBLE_MGMT_PORT" ;;
    pebble-chaos) echo "$PEBBLE_CHAOS_PORT $PEBBLE_CHAOS_MGMT_PORT" ;;
  esac
}

cmd_configure() {
  local names name port mgmt
  names=$(instances "$@")
  # shellcheck disable=SC2086 # one recorded name per word
  not_running $names
  need pebble openssl curl
  state_dirs
  mkdir -p "$PB"
  # Pebble ships no HTTPS certificate: mint a CA and a server certificate,
  # once for both instances. P-256 keys keep start-up fast.
  if [[ ! -s $PB/ca.pem ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
      -keyout "$PB/ca.key" -out "$PB/ca.pem" -subj "/CN=certflow testbed Pebble HTTPS CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -keyout "$PB/server.key" -out "$PB/server.csr" -subj "/CN=pebble" 2>/dev/null
    render pebble/server.ext >"$PB/server.ext"
    openssl x509 -req -in "$PB/server.csr" -CA "$PB/ca.pem" -CAkey "$PB/ca.key" -CAcreateserial \
      -days 30 -extfile "$PB/server.ext" -out "$PB/server.pem" 2>/dev/null
    chmod 0600 "$PB"/*.key
  fi
  for name in $names; do
    read -r port mgmt <<<"$(ports "$name")"
    render pebble/pebble.json LISTEN="$PEBBLE_ADDR:$port" MGMT="$PEBBLE_ADDR:$mgmt" \
      CERT="$PB/server.pem" KEY="$PB/server.key" >"$PB/$name.json"
  done
}

cmd_start() {
  local names name
  names=$(instances "$@")
  for name in $names; do
    case $name in
      # Deterministic main CA: no random nonce rejection, no validation
      # sleeps, no authorization reuse. Never PEBBLE_VA_ALWAYS_VALID: DNS-01
      # must really be checked against bind. (PEBBLE_* from the caller's
      # environment were dropped at the top of this script.)
      pebble)
        PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
          spawn pebble "$(exe_of pebble)" pebble -config "$PB/pebble.json" -dnsserver "$DNS_ADDR:$DNS_PORT"
        ;;
      # Chaos CA for robustness tests: badNonce, random validation sleeps.
      pebble-chaos)
        PEBBLE_WFE_NONCEREJECT=$CHAOS_NONCE_REJECT PEBBLE_AUTHZREUSE=0 \
          spawn pebble-chaos "$(exe_of pebble)" pebble -config "$PB/pebble-chaos.json" -dnsserver "$DNS_ADDR:$DNS_PORT"
        ;;
    esac
  done
}

cmd_ready() {
  local names name
  names=$(instances "$@")
  for name in $names; do
    wait_until "$name" 10 pid_recorded "$name"
  done
  for name in $names; do
    # shellcheck disable=SC2046 # "port mgmt_port", split on purpose
    wait_until "$name" 15 probe_pebble $(ports "$name")
  done
}

cmd_stop() {
  local names
  names=$(instances "$@")
  # shellcheck disable=SC2086 # one recorded name per word
  stop_names $names
}

cmd_env() {
  local m=https://$PEBBLE_ADDR:$PEBBLE_MGMT_PORT c=https://$PEBBLE_ADDR:$PEBBLE_CHAOS_MGMT_PORT
  echo "PEBBLE_DIRECTORY=https://$PEBBLE_ADDR:$PEBBLE_PORT/dir"
  echo "PEBBLE_MGMT=$m"
  echo "PEBBLE_ROOT_URL=$m/roots/0"
  echo "PEBBLE_INTERMEDIATE_URL=$m/intermediates/0"
  echo "PEBBLE_CHAOS_DIRECTORY=https://$PEBBLE_ADDR:$PEBBLE_CHAOS_PORT/dir"
  echo "PEBBLE_CHAOS_MGMT=$c"
  echo "PEBBLE_CHAOS_ROOT_URL=$c/roots/0"
  echo "PEBBLE_CHAOS_INTERMEDIATE_URL=$c/intermediates/0"
  echo "PEBBLE_CHAOS_NONCE_REJECT_PERCENT=$CHAOS_NONCE_REJECT"
  echo "PEBBLE_CA=$PB/ca.pem"
  # Pebble 2.4.0 does not look up CAA at all (no CAA code in its VA): there is
  # no identity to match, and a CAA record never blocks issuance here.
  echo "PEBBLE_CAA_CHECKED=false"
}

service_main "$@"
