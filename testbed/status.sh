#!/usr/bin/env bash
# Prints one health line per test bed service; exits non-zero if any is down.
# Checks that each recorded process runs AND that it answers on its port
# (with the probes of lib.sh that up.sh waits on).
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ ! -s $ENV_FILE ]]; then
  echo "testbed: not up (no $ENV_FILE): run testbed/up.sh"
  exit 1
fi
KEY_FILE=$STATE/bind/tsig.key
down=0

line() { # name ok detail
  local state=up
  [[ $2 == 1 ]] || { state=DOWN; down=1; }
  printf '%-13s %-4s %s\n' "$1" "$state" "$3"
}
check() { # name detail probe...
  local name=$1 detail=$2 pid ok=0
  shift 2
  if pid=$(pid_of "$name"); then
    if "$@" >/dev/null 2>&1; then ok=1; else detail="$detail (pid $pid alive, probe failed)"; fi
    detail="pid $pid  $detail"
  else
    detail="no live process  $detail"
  fi
  line "$name" "$ok" "$detail"
}

check named "dns $DNS_ADDR:$DNS_PORT (${BIND_ZONES[*]}, $PDNS_ZONE forwarded)" \
  probe_soa "$DNS_ADDR" "$DNS_PORT" "${BIND_ZONES[0]}"
check pdns "dns $PDNS_ADDR:$PDNS_PORT, api http://$PDNS_ADDR:$PDNS_API_PORT ($PDNS_ZONE)" \
  probe_soa "$PDNS_ADDR" "$PDNS_PORT" "$PDNS_ZONE"
check pebble "https://$PEBBLE_ADDR:$PEBBLE_PORT/dir" \
  probe_https "https://$PEBBLE_ADDR:$PEBBLE_PORT/dir"
check pebble-chaos "https://$PEBBLE_ADDR:$PEBBLE_CHAOS_PORT/dir" \
  probe_https "https://$PEBBLE_ADDR:$PEBBLE_CHAOS_PORT/dir"
check pebble-second "https://$PEBBLE_ADDR:$PEBBLE_SECOND_PORT/dir (services/pebble-extra.sh)" \
  probe_https "https://$PEBBLE_ADDR:$PEBBLE_SECOND_PORT/dir"
check pebble-eab "https://$PEBBLE_ADDR:$PEBBLE_EAB_PORT/dir (EAB required)" \
  probe_https "https://$PEBBLE_ADDR:$PEBBLE_EAB_PORT/dir"

for i in "${!HOST_NAMES[@]}"; do
  host=${HOST_NAMES[$i]} addr=${HOST_ADDRS[$i]}
  check "$host" "sshd $addr:$SSH_PORT" probe_tcp "$addr" "$SSH_PORT"
  if pid=$(nginx_pid "$host"); then
    if probe_tcp "$addr" "$HTTPS_PORT"; then
      line "$host-nginx" 1 "pid $pid  https $addr:$HTTPS_PORT"
    else
      line "$host-nginx" 0 "pid $pid  https $addr:$HTTPS_PORT (not answering)"
    fi
  else
    line "$host-nginx" 0 "no live nginx master  https $addr:$HTTPS_PORT"
  fi
done
for kind in haproxy apache mail; do
  check "$kind" "testbed/services/$kind.sh ($STATE/$kind/env)" bash "$TESTBED_HERE/services/$kind.sh" ready
done
for i in "${!HOST_NAMES[@]}"; do
  check "sudo-${HOST_NAMES[$i]}" "sshd ${HOST_ADDRS[$i]}:2222 (deploy, become: sudo)" tcp_open "${HOST_ADDRS[$i]}" 2222
done
check bastion "ssh 127.0.0.21:22 (jump host, forwards to 127.0.0.22:22 only)" tcp_open 127.0.0.21 22
check hidden "ssh 127.0.0.22:22 in its own network namespace (through the bastion only)" true
for addr in 127.0.0.41 127.0.0.42; do
  name=agent$((${addr##*.} - 40))
  check "$name" "nginx https $addr:$HTTPS_PORT (agent host)" tcp_open "$addr" "$HTTPS_PORT"
done
check pebble-bench "https://$PEBBLE_ADDR:$PEBBLE_BENCH_PORT/dir (the benchmarks' CA)" probe_pebble "$PEBBLE_BENCH_PORT" "$PEBBLE_BENCH_MGMT_PORT"
# The optional fleet (services/fleet-hosts.sh): whichever hosts were started.
while read -r name; do
  [[ -n $name ]] || continue
  check "$name" "nginx https $(fleet_addr "${name#fleet}"):$HTTPS_PORT (fleet host)" probe_tls "$(fleet_addr "${name#fleet}")"
done < <(recorded_names | grep -E '^fleet[0-9]+$')
[[ -r $KEY_FILE ]] || line tsig-key 0 "missing $KEY_FILE"
exit "$down"
