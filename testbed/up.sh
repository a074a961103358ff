#!/usr/bin/env bash
# Starts the local test bed (testbed/README.md): the services of SERVICES
# (lib.sh), each a script testbed/services/<name>.sh, all on loopback, all
# state in $STATE.
# Idempotent: when the bed is already up and healthy it exits 0 at once, so
# several test runs can share one bed. Last line of stdout is
# "testbed: started" or "testbed: already up" (test/support/global-setup.ts
# reads it to decide whether it owns the bed).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

preflight
lock_state
if all_alive; then
  echo "testbed: already up"
  exit 0
fi
# A bed restarted because one of its services died (a test run's up.sh finding it unhealthy)
# keeps the optional fleet it had: CERTFLOW_TESTBED_HOSTS is the starter's environment, not the
# restarter's, and a benchmark would otherwise lose its 50 hosts under it.
if [[ -z ${CERTFLOW_TESTBED_HOSTS:-} && -s $STATE/fleet-hosts.env ]]; then
  had=$(sed -n 's/^FLEET_HOSTS=//p' "$STATE/fleet-hosts.env" | tr ',' '\n' | grep -c . || true)
  if ((had > 0)); then
    log "the bed in $STATE had a fleet of $had hosts: starting it again (CERTFLOW_TESTBED_HOSTS=0 to drop it)"
    export CERTFLOW_TESTBED_HOSTS=$had
  fi
fi
# Leftovers of a crashed or half-stopped bed: clear them before starting.
if [[ -d $PIDDIR || -e $ENV_FILE ]]; then
  log "found a stale or unhealthy bed in $STATE: stopping it first"
  stop_all
fi
find "$STATE" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +

t0=$(date +%s%N)
started=0
step=""

on_exit() {
  local rc=$?
  if ((rc != 0)) && ((started == 0)); then
    log "FAILED (exit $rc)${step:+ at: $step}"
    stop_all
    log "stopped what was started; logs kept in $LOGDIR"
    rm -f "$ENV_FILE"
  fi
}
trap on_exit EXIT

need ss setsid flock

# ---- refuse to start on top of something else ------------------------------
mapfile -t busy < <(busy_ports "${BED_PORTS[@]}")
if ((${#busy[@]})); then
  log "ports already in use (another bed under another folder, or a distribution service): ${busy[*]}"
  ports=$(printf '%s\n' "${BED_PORTS[@]##* }" | sort -u)
  ports=${ports//$'\n'/|}
  ss -Hltnup 2>/dev/null | grep -E ":($ports)\b" >&2 || true
  exit 1
fi

state_dirs

# ---- each service: configure, start; then wait until each does its job -------
run_service() { # subcommand name
  step="services/$2.sh $1"
  bash "$TESTBED_HERE/services/$2.sh" "$1"
}
for svc in "${SERVICES[@]}"; do run_service configure "$svc"; done
for svc in "${SERVICES[@]}"; do run_service start "$svc"; done
for svc in "${SERVICES[@]}"; do run_service ready "$svc"; done
for svc in "${LATER_SERVICES[@]}"; do
  for sub in configure start ready; do run_service "$sub" "$svc"; done
done

# ---- the env file: written last, its presence means "up" ----------------------------------
step="writing $ENV_FILE"
{
  echo "# certflow test bed, written by testbed/up.sh at $(date -u +%FT%TZ). KEY=value, no quotes."
  echo "TESTBED_DIR=$STATE"
  for svc in "${SERVICES[@]}" "${LATER_SERVICES[@]}"; do run_service env "$svc"; done
} >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"

started=1
t1=$(date +%s%N)
log "up in $(((t1 - t0) / 1000000)) ms; env: $ENV_FILE"
echo "testbed: started"
