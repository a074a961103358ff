#!/usr/bin/env bash
# Test bed service "fleet-hosts" (issue 22's fleet deploy benchmark): with CERTFLOW_TESTBED_HOSTS=N
# (0..50) set, N more SSH+nginx hosts fleet1..fleetN on 127.0.1.1..127.0.1.N, each one built like
# the bed's other hosts (kind-host.sh: a private mount and UTS namespace with its own sshd,
# /etc/ssl, /run; here nginx from host.sh's templates serving www.certflow.test on :443).
# Unset (or 0): the service does nothing, so a plain bed costs nothing more.
#
# Their host keys are pinned in $STATE/fleet-hosts.known_hosts; $STATE/fleet-hosts.env (written
# when ready) and this script's `env` give FLEET_HOSTS (comma-separated addresses) and
# FLEET_KNOWN_HOSTS. The bed's client key logs in as root, as on host1..3.
# Usage: testbed/services/fleet-hosts.sh configure|start|ready|stop|env
set -euo pipefail
# shellcheck source=../kind-host.sh
source "$(dirname "${BASH_SOURCE[0]}")/../kind-host.sh"

FLEET_ENV=$STATE/fleet-hosts.env
FLEET_KNOWN=$STATE/fleet-hosts.known_hosts

# Checked before anything else, as root or not: a typo must not start 500 hosts or none silently.
if ! FLEET_N=$(fleet_count); then
  exit 2
fi

fleet_names() {
  local i
  for ((i = 1; i <= FLEET_N; i++)); do echo "fleet$i $(fleet_addr "$i")"; done
}

# The hosts recorded now, whatever N was when they were started (stop must find them all).
fleet_recorded() { recorded_names | grep -E '^fleet[0-9]+$' || true; }

cmd_configure() {
  local name addr H
  ((FLEET_N > 0)) || return 0
  need sshd ssh ssh-keygen nginx openssl unshare
  state_dirs
  while read -r name _; do not_running "$name"; done < <(fleet_names)
  : >"$FLEET_KNOWN.tmp"
  while read -r name addr; do
    # shellcheck disable=SC2034 # read by kind_mount
    NAME_OF_KIND=$name
    H=$STATE/$name
    kind_configure "$name" "$addr"
    kind_placeholder "$name" www "$name" certflow.test www.certflow.test
    mkdir -p "$H/etc-nginx/sites" "$H/etc-nginx/conf.d"
    cp /etc/nginx/mime.types "$H/etc-nginx/mime.types"
    render host/nginx.conf >"$H/etc-nginx/nginx.conf"
    render host/site-www.conf ADDR="$addr" HTTPS_PORT="$HTTPS_PORT" HOST="$name" >"$H/etc-nginx/sites/www.conf"
    kind_mount "$H/etc-nginx" /etc/nginx
    kind_mount "$H/log" /var/log/nginx
    echo nginx >"$H/boot.sh"
    cat "$H/known_hosts" >>"$FLEET_KNOWN.tmp"
  done < <(fleet_names)
  mv "$FLEET_KNOWN.tmp" "$FLEET_KNOWN"
}

cmd_start() {
  local name
  while read -r name _; do kind_start "$name"; done < <(fleet_names)
}

cmd_ready() {
  local name addr pids=() names=() i
  ((FLEET_N > 0)) || return 0
  # A login costs ~0.4 s of CPU: check the hosts a few at a time, in parallel.
  while read -r name addr; do
    (kind_ready "$name" "$addr" && wait_until "$name" 15 probe_tls "$addr") &
    pids+=("$!")
    names+=("$name")
    if ((${#pids[@]} % 8 == 0)); then wait "${pids[-1]}" || true; fi
  done < <(fleet_names)
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { log "fleet-hosts: ${names[$i]} not ready"; exit 1; }
  done
  cmd_env >"$FLEET_ENV.tmp"
  mv "$FLEET_ENV.tmp" "$FLEET_ENV"
}

cmd_stop() {
  local name
  while read -r name; do
    [[ -n $name ]] || continue
    kind_stop "$name"
    # nginx lives in the host's namespace; a host whose sshd died may still have it running.
    stop_names "$name"
  done < <(fleet_recorded)
  rm -f "$FLEET_ENV"
}

cmd_env() {
  local addrs=() name addr
  ((FLEET_N > 0)) || return 0
  while read -r name addr; do
    pid_of "$name" >/dev/null || return 0 # not up: tell the tests nothing
    addrs+=("$addr")
  done < <(fleet_names)
  echo "FLEET_HOSTS=$(IFS=,; echo "${addrs[*]}")"
  echo "FLEET_KNOWN_HOSTS=$FLEET_KNOWN"
}

service_main "$@"
