#!/usr/bin/env bash
# bind9 on 127.0.0.1:10053: primary for certflow.test and challenges.test
# (RFC 2136 updates signed with the TSIG key), forwards everything else
# (pdns.test) to PowerDNS.
# Usage: testbed/services/bind.sh configure|start|ready|stop|env
# Interface: testbed/README.md.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BD=$STATE/bind

cmd_configure() {
  local zone
  not_running named
  need named named-checkconf nsupdate dig openssl
  state_dirs
  mkdir -p "$BD"
  render bind/tsig.key TSIG_NAME="$TSIG_NAME" TSIG_SECRET="$(openssl rand -base64 32)" >"$BD/tsig.key"
  chmod 0600 "$BD/tsig.key"
  # Root hints that point at loopback only. Recursion is on (Pebble sends
  # RD=1 and pdns.test is reached by forwarding), and this guarantees that
  # bind never sends a query off this machine, even for names it does not know.
  render bind/root.hints >"$BD/root.hints"
  render bind/named.conf BD="$BD" DNS_ADDR="$DNS_ADDR" DNS_PORT="$DNS_PORT" \
    PDNS_ADDR="$PDNS_ADDR" PDNS_PORT="$PDNS_PORT" PDNS_ZONE="$PDNS_ZONE" >"$BD/named.conf"
  for zone in "${BIND_ZONES[@]}"; do
    render bind/zone.conf ZONE="$zone" BD="$BD" TSIG_NAME="$TSIG_NAME" >>"$BD/named.conf"
    # SOA minimum 1 s: resolvers (and the code under test) barely cache NXDOMAIN.
    render "bind/$zone.db" >"$BD/$zone.db"
  done
  named-checkconf "$BD/named.conf" || { log "bind: $BD/named.conf rejected (see above)"; exit 1; }
}

cmd_start() {
  spawn named "$(exe_of named)" named -g -4 -c "$BD/named.conf"
}

cmd_ready() {
  local zone
  wait_until named 10 pid_recorded named
  # bind answers queries a moment before it accepts updates: wait for a
  # signed update to be accepted in each zone.
  for zone in "${BIND_ZONES[@]}"; do
    wait_until named 15 probe_nsupdate "$BD/tsig.key" "$zone"
  done
}

cmd_stop() {
  stop_names named
}

cmd_env() {
  local secret
  [[ $(<"$BD/tsig.key") =~ secret\ \"([^\"]+)\" ]] || { log "bind: no secret in $BD/tsig.key"; exit 1; }
  secret=${BASH_REMATCH[1]}
  echo "DNS_SERVER=$DNS_ADDR:$DNS_PORT"
  echo "DNS_HOST=$DNS_ADDR"
  echo "DNS_PORT=$DNS_PORT"
  echo "DNS_ZONES=$(IFS=,; echo "${BIND_ZONES[*]}")"
  echo "DNS_ZONE=${BIND_ZONES[0]}"
  echo "DNS_CHALLENGE_ZONE=${BIND_ZONES[1]}"
  echo "DNS_DELEGATED_NAME=delegated.${BIND_ZONES[0]}"
  echo "DNS_DELEGATED_TARGET=delegated.${BIND_ZONES[1]}"
  echo "TSIG_NAME=$TSIG_NAME"
  echo "TSIG_ALGORITHM=hmac-sha256"
  echo "TSIG_SECRET=$secret"
  echo "TSIG_KEY_FILE=$BD/tsig.key"
}

service_main "$@"
