#!/usr/bin/env bash
# Two more Pebbles for the fallback CA list and external account binding (issue 19), each a CA of
# its own (own roots, own accounts), both resolving DNS-01 through the bed's bind9:
#   second  https://127.0.0.1:14200/dir (management 15200): deterministic like the main Pebble, the
#           CA a fallback test lands on when the first issuer is down
#   eab     https://127.0.0.1:14201/dir (management 15201): externalAccountBindingRequired, with one
#           MAC key made per bed (PEBBLE_EAB_KID / PEBBLE_EAB_HMAC_KEY in the env)
# They reuse the HTTPS certificate services/pebble.sh minted (so PEBBLE_CA trusts them too).
# Usage: testbed/services/pebble-extra.sh configure|start|ready|stop|env [second|eab ...]
# start also writes $STATE/pebble-extra.env (the cmd_env lines) so that a bed that was up before
# this service existed can start it on its own and tests still find the URLs.
set -euo pipefail
# Pebble reads PEBBLE_* knobs from its environment: never inherit the caller's.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^PEBBLE_' || true)
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PB=$STATE/pebble
PX=$STATE/pebble-extra
EXTRA_ENV=$STATE/pebble-extra.env

instances() {
  local inst
  (($#)) || set -- second eab
  for inst; do
    case $inst in
      second) echo pebble-second ;;
      eab) echo pebble-eab ;;
      *)
        log "pebble-extra: unknown instance '$inst' (known: second eab)"
        return 2
        ;;
    esac
  done
}
ports() {
  case $1 in
    pebble-second) echo "$PEBBLE_SECOND_PORT $PEBBLE_SECOND_MGMT_PORT" ;;
    pebble-eab) echo "$PEBBLE_EAB_PORT $PEBBLE_EAB_MGMT_PORT" ;;
  esac
}

cmd_configure() {
  local names name port mgmt
  names=$(instances "$@")
  # shellcheck disable=SC2086 # one recorded name per word
  not_running $names
  need pebble openssl curl
  [[ -s $PB/server.pem ]] || { log "pebble-extra: no $PB/server.pem (configure services/pebble.sh first)"; exit 1; }
  state_dirs
  mkdir -p "$PX"
  chmod 0700 "$PX"
  # The EAB key pair, once per bed: a key id and 32 random bytes, base64url without padding
  # (the form CAs hand out and Pebble decodes).
  if [[ ! -s $PX/eab-kid ]]; then
    echo "certflow-kid-$(openssl rand -hex 4)" >"$PX/eab-kid"
    openssl rand 32 | base64 -w0 | tr '+/' '-_' | tr -d '=' >"$PX/eab-hmac"
    chmod 0600 "$PX/eab-kid" "$PX/eab-hmac"
  fi
  for name in $names; do
    read -r port mgmt <<<"$(ports "$name")"
    case $name in
      pebble-second)
        render pebble/pebble.json LISTEN="$PEBBLE_ADDR:$port" MGMT="$PEBBLE_ADDR:$mgmt" \
          CERT="$PB/server.pem" KEY="$PB/server.key" >"$PX/$name.json"
        ;;
      pebble-eab)
        render pebble-extra/pebble-eab.json LISTEN="$PEBBLE_ADDR:$port" MGMT="$PEBBLE_ADDR:$mgmt" \
          CERT="$PB/server.pem" KEY="$PB/server.key" KID="$(cat "$PX/eab-kid")" \
          HMAC="$(cat "$PX/eab-hmac")" >"$PX/$name.json"
        chmod 0600 "$PX/$name.json"
        ;;
    esac
  done
}

cmd_start() {
  local names name
  names=$(instances "$@")
  for name in $names; do
    # Deterministic, like the main Pebble; never PEBBLE_VA_ALWAYS_VALID (DNS-01 is really checked).
    PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
      spawn "$name" "$(exe_of pebble)" pebble -config "$PX/$name.json" -dnsserver "$DNS_ADDR:$DNS_PORT"
  done
  cmd_env >"$EXTRA_ENV.tmp"
  mv "$EXTRA_ENV.tmp" "$EXTRA_ENV"
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
  (($#)) || rm -f "$EXTRA_ENV"
}

cmd_env() {
  local s=https://$PEBBLE_ADDR:$PEBBLE_SECOND_MGMT_PORT e=https://$PEBBLE_ADDR:$PEBBLE_EAB_MGMT_PORT
  echo "PEBBLE_SECOND_DIRECTORY=https://$PEBBLE_ADDR:$PEBBLE_SECOND_PORT/dir"
  echo "PEBBLE_SECOND_MGMT=$s"
  echo "PEBBLE_SECOND_ROOT_URL=$s/roots/0"
  echo "PEBBLE_SECOND_INTERMEDIATE_URL=$s/intermediates/0"
  echo "PEBBLE_EAB_DIRECTORY=https://$PEBBLE_ADDR:$PEBBLE_EAB_PORT/dir"
  echo "PEBBLE_EAB_MGMT=$e"
  echo "PEBBLE_EAB_ROOT_URL=$e/roots/0"
  echo "PEBBLE_EAB_INTERMEDIATE_URL=$e/intermediates/0"
  echo "PEBBLE_EAB_KID=$(cat "$PX/eab-kid" 2>/dev/null)"
  echo "PEBBLE_EAB_HMAC_KEY=$(cat "$PX/eab-hmac" 2>/dev/null)"
}

service_main "$@"
