#!/usr/bin/env bash
# Installs the Debian packages that the test bed, the tests, the demo and the bench need
# (testbed/programs.txt; see testbed/README.md).
# Idempotent and fast when everything is present: apt is only touched when a
# package is missing. Leaves no distribution service running.
set -euo pipefail

# The packages come from testbed/programs.txt, the one list of every program the tests, the demo,
# the bench and the bed run (test/unit/programs.test.ts keeps it complete).
mapfile -t PACKAGES < <(awk '!/^[[:space:]]*(#|$)/ && $2 !~ /^\(/ { print $2 }' \
  "$(dirname "${BASH_SOURCE[0]}")/programs.txt" | sort -u)

# One dpkg-query for all: it prints "name ii " for each installed package and
# nothing (plus a complaint on stderr) for one it has never seen.
declare -A installed=()
while read -r name status; do
  if [[ $status == ii* ]]; then installed[$name]=1; fi
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)
missing=()
for pkg in "${PACKAGES[@]}"; do
  [[ -n ${installed[$pkg]:-} ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "testbed/install.sh: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "testbed/install.sh: missing packages (${missing[*]}) and not root" >&2
  exit 1
fi

echo "testbed/install.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d exit 101 tells invoke-rc.d not to start services from postinst:
# the test bed runs its own instances on its own ports. Only add it if none is
# there (never overwrite a machine's own policy), and remove it afterwards.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  own_policy=1
fi
cleanup() { if ((own_policy)); then rm -f "$policy"; fi; }
trap cleanup EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

# Belt and braces for machines where a postinst started a daemon anyway
# (no systemd here: SysV init scripts). Stop through the init script, never by
# process name.
for svc in nginx named bind9 pdns ssh; do
  if [[ -x /etc/init.d/$svc ]] && /etc/init.d/"$svc" status >/dev/null 2>&1; then
    echo "testbed/install.sh: stopping distribution service $svc"
    /etc/init.d/"$svc" stop >/dev/null 2>&1 || true
  fi
done
echo "testbed/install.sh: done"
