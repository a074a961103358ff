# shellcheck shell=bash disable=SC2034  # variables are used by the sourcing scripts
# Shared definitions for testbed/*.sh. Sourced, never run.
#
# Every address and port is fixed (tests and docs rely on them) and on
# loopback only. All state lives in ONE folder, $STATE.

TESTBED_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(dirname "$TESTBED_HERE")
STATE=${CERTFLOW_TESTBED_DIR:-$REPO_ROOT/.testbed}
PIDDIR=$STATE/pids
LOGDIR=$STATE/logs
ENV_FILE=$STATE/env

# ---- fixed endpoints -------------------------------------------------------
PEBBLE_ADDR=127.0.0.1
PEBBLE_PORT=14000
PEBBLE_MGMT_PORT=15000
PEBBLE_CHAOS_PORT=14100
PEBBLE_CHAOS_MGMT_PORT=15100
DNS_ADDR=127.0.0.1
DNS_PORT=10053
PDNS_ADDR=127.0.0.1
PDNS_PORT=10054
PDNS_API_PORT=18081
HOST_NAMES=(host1 host2 host3)
HOST_ADDRS=(127.0.0.11 127.0.0.12 127.0.0.13)
SSH_PORT=22
HTTPS_PORT=443
TSIG_NAME=certflow-key
PDNS_ZONE=pdns.test
# Zones bind serves itself (RFC 2136 updates allowed with the TSIG key).
BIND_ZONES=(certflow.test challenges.test)

# Services, in start order. Each has a pid file $PIDDIR/<name>.pid holding
# "<pid> <absolute path of the executable>"; the path guards against killing a
# recycled PID.
SERVICES=(named pdns pebble pebble-chaos host1 host2 host3)
# Server kinds, each an SSH host of its own started by testbed/services/<kind>.sh on
# 127.0.0.31-33 (HAProxy, Apache, Postfix+Dovecot+nginx): started into a running bed one by one.
KIND_SERVICES=(haproxy apache mail)

log() { printf 'testbed: %s\n' "$*" >&2; }

# pid_of NAME -> prints the recorded PID if that process is alive and still
# runs the recorded executable; fails otherwise.
pid_of() {
  local file=$PIDDIR/$1.pid pid exe
  [[ -s $file ]] || return 1
  read -r pid exe <"$file" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$exe" ]] || return 1
  printf '%s\n' "$pid"
}

# nginx_pid HOST -> PID of the host's nginx master, read from the host's own
# /run/nginx.pid (it changes if a test restarts nginx through SSH).
nginx_pid() {
  local file=$STATE/$1/run/nginx.pid pid
  [[ -s $file ]] || return 1
  read -r pid <"$file" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == /usr/sbin/nginx ]] || return 1
  printf '%s\n' "$pid"
}

# all_alive -> true when every recorded service (and each host's nginx) runs.
all_alive() {
  local svc
  [[ -s $ENV_FILE ]] || return 1
  for svc in "${SERVICES[@]}"; do
    pid_of "$svc" >/dev/null || return 1
  done
  for svc in "${HOST_NAMES[@]}"; do
    nginx_pid "$svc" >/dev/null || return 1
  done
}

# pids_in_mount_ns PID -> every process sharing PID's mount namespace. The
# hosts' namespaces are created by up.sh, so this finds exactly the processes
# of one test host (sshd, its sessions, nginx master and workers).
pids_in_mount_ns() {
  local ns
  ns=$(readlink "/proc/$1/ns/mnt" 2>/dev/null) || return 0
  # The machine's own namespace is never a host's: refuse rather than sweep.
  [[ $ns != "$(readlink /proc/1/ns/mnt)" ]] || return 0
  # One find for all processes (a readlink per process would fork hundreds).
  find /proc/[0-9]*/ns/mnt -maxdepth 0 -printf '%l %p\n' 2>/dev/null |
    awk -v ns="$ns" '$1 == ns { split($2, part, "/"); print part[3] }'
}

# running PID: the process exists and is not a zombie (a zombie has exited;
# only its parent, often PID 1 here, has not reaped it yet).
running() {
  local stat
  # (read, not $(<file): with set -e a failing $(<file) ends the whole script)
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# stop_all: signal every recorded process, wait (bounded) for it to exit, then
# SIGKILL what is left. Only PIDs recorded in $PIDDIR (and processes inside
# the hosts' private mount namespaces) are touched.
stop_all() {
  local svc pid victims=() p deadline
  for svc in "${SERVICES[@]}" "${KIND_SERVICES[@]}"; do
    pid=$(pid_of "$svc") || continue
    if [[ $svc == host* || " ${KIND_SERVICES[*]} " == *" $svc "* ]]; then
      mapfile -t -O "${#victims[@]}" victims < <(pids_in_mount_ns "$pid")
    fi
    victims+=("$pid")
  done
  # A host whose sshd died may still have its nginx running.
  for svc in "${HOST_NAMES[@]}"; do
    if pid=$(nginx_pid "$svc"); then
      mapfile -t -O "${#victims[@]}" victims < <(pids_in_mount_ns "$pid")
      victims+=("$pid")
    fi
  done
  ((${#victims[@]})) || return 0
  mapfile -t victims < <(printf '%s\n' "${victims[@]}" | sort -un)
  kill -TERM "${victims[@]}" 2>/dev/null || true
  deadline=$((SECONDS + 5))
  while ((SECONDS < deadline)); do
    local alive=()
    for p in "${victims[@]}"; do
      if running "$p"; then
        alive+=("$p")
      fi
    done
    ((${#alive[@]})) || return 0
    victims=("${alive[@]}")
    sleep 0.05
  done
  log "still running after 5 s, sending SIGKILL: ${victims[*]}"
  kill -KILL "${victims[@]}" 2>/dev/null || true
  sleep 0.2
}

# lock_state: serialise up/down/reset between concurrent callers (e.g. two
# test runs sharing one bed). The lock file lives inside $STATE, which down.sh
# deletes; re-check after locking that we hold the file that is still there.
lock_state() {
  while :; do
    mkdir -p "$STATE"
    exec 9>>"$STATE/.lock"
    flock -w 120 9 || { log "could not lock $STATE/.lock"; exit 1; }
    if [[ -e $STATE/.lock && $STATE/.lock -ef /proc/self/fd/9 ]]; then
      return 0
    fi
    exec 9>&-
  done
}

# start_kinds: configure, start and wait for each server kind that is not running yet.
start_kinds() {
  local kind step
  for kind in "${KIND_SERVICES[@]}"; do
    pid_of "$kind" >/dev/null && [[ -s $STATE/$kind/env ]] && continue
    for step in configure start ready; do
      bash "$TESTBED_HERE/services/$kind.sh" "$step" || { log "$kind: $step failed"; return 1; }
    done
  done
}
