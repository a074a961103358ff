#!/usr/bin/env bash
# Stops the local test bed started by up.sh and removes its state folder.
# Stops only the processes up.sh recorded (PID plus executable path, so a
# recycled PID is never hit) and the processes inside the hosts' private mount
# namespaces (SSH sessions, nginx). Never kills by process name.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ ! -d $STATE ]]; then
  echo "testbed: not up (no $STATE)"
  exit 0
fi
t0=$(date +%s%N)
lock_state
bash "$TESTBED_HERE/services/sudo-hosts.sh" stop || true
bash "$TESTBED_HERE/services/bastion.sh" stop || true
bash "$TESTBED_HERE/services/agent-hosts.sh" stop || true
bash "$TESTBED_HERE/services/fleet-hosts.sh" stop || true
stop_all
# Delete the lock file last, while still holding it: a waiting up.sh notices
# the file is gone and takes a fresh one (see lock_state).
find "$STATE" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
rm -rf "$STATE"
echo "testbed: down in $((($(date +%s%N) - t0) / 1000000)) ms"
