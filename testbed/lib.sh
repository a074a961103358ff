# shellcheck shell=bash disable=SC2034  # variables are used by the sourcing scripts
# Shared definitions for testbed/*.sh and testbed/services/*.sh. Sourced, never run.
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
# services/pebble-extra.sh: a second CA (fallback tests) and one that requires EAB.
PEBBLE_SECOND_PORT=14200
PEBBLE_SECOND_MGMT_PORT=15200
PEBBLE_EAB_PORT=14201
PEBBLE_EAB_MGMT_PORT=15201
# The benchmarks' own Pebble (services/pebble-bench.sh).
PEBBLE_BENCH_PORT=14300
PEBBLE_BENCH_MGMT_PORT=15300
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

# The bed's services, in order: up.sh runs "configure" and "start" on each in
# this order, then "ready" on each. One script per service,
# testbed/services/<name>.sh (the interface is in testbed/README.md). To add a
# service, add its name here (or to LATER_SERVICES) and its ports to BED_PORTS below.
SERVICES=(pebble bind pdns host)
# Services that build on the ones above (sudo-hosts and the bastion enter the hosts' namespaces):
# up.sh brings each up in full (configure, start, ready) once SERVICES are ready, one after another.
LATER_SERVICES=(sudo-hosts bastion haproxy apache mail agent-hosts pebble-extra fleet-hosts pebble-bench)

# The optional benchmark fleet (services/fleet-hosts.sh): CERTFLOW_TESTBED_HOSTS=N more hosts
# fleet1..fleetN on 127.0.1.1..N. fleet_count prints N (0 when unset) or fails on a bad value.
FLEET_MAX=50
fleet_count() {
  local n=${CERTFLOW_TESTBED_HOSTS:-0}
  if [[ ! $n =~ ^[0-9]{1,3}$ ]] || ((10#$n > FLEET_MAX)); then
    log "CERTFLOW_TESTBED_HOSTS='$n': give a number of fleet hosts from 0 to $FLEET_MAX (or unset it)"
    return 2
  fi
  echo $((10#$n))
}
fleet_addr() { echo "127.0.1.$1"; }

# Every "proto addr port" the bed listens on: up.sh refuses to start when one
# of them is taken (by another bed under another folder, or a distribution
# service).
BED_PORTS=(
  "tcp $PEBBLE_ADDR $PEBBLE_PORT" "tcp $PEBBLE_ADDR $PEBBLE_MGMT_PORT"
  "tcp $PEBBLE_ADDR $PEBBLE_CHAOS_PORT" "tcp $PEBBLE_ADDR $PEBBLE_CHAOS_MGMT_PORT"
  "tcp $PEBBLE_ADDR $PEBBLE_SECOND_PORT" "tcp $PEBBLE_ADDR $PEBBLE_SECOND_MGMT_PORT"
  "tcp $PEBBLE_ADDR $PEBBLE_EAB_PORT" "tcp $PEBBLE_ADDR $PEBBLE_EAB_MGMT_PORT"
  "tcp $PEBBLE_ADDR $PEBBLE_BENCH_PORT" "tcp $PEBBLE_ADDR $PEBBLE_BENCH_MGMT_PORT"
  "tcp $DNS_ADDR $DNS_PORT" "tcp $PDNS_ADDR $PDNS_PORT" "tcp $PDNS_ADDR $PDNS_API_PORT"
  "udp $DNS_ADDR $DNS_PORT" "udp $PDNS_ADDR $PDNS_PORT"
)
for _addr in "${HOST_ADDRS[@]}"; do
  BED_PORTS+=("tcp $_addr $SSH_PORT" "tcp $_addr $HTTPS_PORT" "tcp $_addr 2222")
done
BED_PORTS+=("tcp 127.0.0.21 22") # the bastion (services/bastion.sh)
# The server kinds (services/{haproxy,apache,mail}.sh): their own SSH hosts on 127.0.0.31-33.
for _port in 22 443; do BED_PORTS+=("tcp 127.0.0.31 $_port" "tcp 127.0.0.32 $_port" "tcp 127.0.0.33 $_port"); done
for _port in 25 143 993 110 995; do BED_PORTS+=("tcp 127.0.0.33 $_port"); done
BED_PORTS+=("tcp 127.0.0.41 443" "tcp 127.0.0.42 443") # the pull-mode agent hosts (services/agent-hosts.sh)
# The fleet's ports, only when one is asked for (a bad count is reported by the service itself).
if _n=$(fleet_count 2>/dev/null); then
  for ((_i = 1; _i <= _n; _i++)); do BED_PORTS+=("tcp $(fleet_addr "$_i") 22" "tcp $(fleet_addr "$_i") 443"); done
fi
unset _port _addr _n _i

# Recorded processes that run in a mount namespace of their own: stopping one
# also stops every process inside that namespace.
NAMESPACED=("${HOST_NAMES[@]}" haproxy apache mail)
for ((_i = 1; _i <= FLEET_MAX; _i++)); do NAMESPACED+=("fleet$_i"); done
unset _i

# Config templates (testbed/conf/<service>/...), filled by render().
CONF_DIR=$TESTBED_HERE/conf

log() { printf 'testbed: %s\n' "$*" >&2; }

# in_list WORD LIST...: WORD is one of LIST.
in_list() {
  local word=$1 item
  shift
  for item; do [[ $item == "$word" ]] && return 0; done
  return 1
}

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

# recorded_names -> the name of every process a service recorded in $PIDDIR
# (whatever service wrote it: a new service is covered without a change here).
recorded_names() {
  local file
  for file in "$PIDDIR"/*.pid; do
    [[ -e $file ]] || continue
    file=${file##*/}
    printf '%s\n' "${file%.pid}"
  done
}

# all_alive -> true when every recorded process (and each host's nginx) runs.
all_alive() {
  local name names
  [[ -s $ENV_FILE ]] || return 1
  mapfile -t names < <(recorded_names)
  ((${#names[@]})) || return 1
  for name in "${names[@]}"; do
    pid_of "$name" >/dev/null || return 1
  done
  for name in "${HOST_NAMES[@]}"; do
    nginx_pid "$name" >/dev/null || return 1
  done
}

# pids_in_mount_ns PID -> every process sharing PID's mount namespace. The
# hosts' namespaces are created by services/host.sh, so this finds exactly the
# processes of one test host (sshd, its sessions, nginx master and workers).
pids_in_mount_ns() {
  local ns
  ns=$(readlink "/proc/$1/ns/mnt" 2>/dev/null) || return 0
  # The machine's own namespace is never a host's, nor is the one this script
  # runs in (a daemon started without a namespace of its own shares it):
  # refuse rather than sweep.
  [[ $ns != "$(readlink /proc/1/ns/mnt)" && $ns != "$(readlink /proc/$$/ns/mnt)" ]] || return 0
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

# stop_names NAME...: signal the recorded process of each NAME, every process
# in its private mount namespace if NAME is in NAMESPACED (a host's SSH
# sessions and nginx) and the nginx of a host named NAME; wait (bounded) for
# them to exit, then SIGKILL what is left. Only PIDs recorded in $PIDDIR (or a host's /run/nginx.pid) and
# processes inside their private mount namespaces are touched.
stop_names() {
  local name pid victims=() p deadline
  for name; do
    if pid=$(pid_of "$name"); then
      if in_list "$name" "${NAMESPACED[@]}"; then
        mapfile -t -O "${#victims[@]}" victims < <(pids_in_mount_ns "$pid")
      fi
      victims+=("$pid")
    fi
    # A host whose sshd died may still have its nginx running.
    if pid=$(nginx_pid "$name"); then
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

# stop_all: stop_names over everything any service recorded, and the hosts.
stop_all() {
  local names
  mapfile -t names < <(recorded_names)
  stop_names "${names[@]}" "${HOST_NAMES[@]}"
}

# lock_state: serialise up/down/reset between concurrent callers (e.g. two
# test runs sharing one bed). The lock file lives inside $STATE, which down.sh
# deletes; re-check after locking that we hold the file that is still there.
# A service script run by up.sh inherits up.sh's locked fd 9 and goes on
# (locking again through a new open file would wait for itself).
lock_state() {
  if [[ -e $STATE/.lock && $STATE/.lock -ef /proc/self/fd/9 ]]; then
    return 0
  fi
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

# preflight: what every start needs (up.sh and each service script).
preflight() {
  # Paths go unquoted into config files and command lines.
  if [[ $STATE =~ [[:space:]] ]]; then
    log "state folder must not contain whitespace: '$STATE'"
    exit 1
  fi
  if [[ $(id -u) -ne 0 ]]; then
    log "must run as root (binds port 22 and 443, uses mount namespaces)"
    exit 1
  fi
}

# state_dirs: the folders every service writes into.
state_dirs() {
  mkdir -p "$PIDDIR" "$LOGDIR"
  chmod 0700 "$STATE"
}

# not_running NAME...: fail when a recorded process of NAME still runs
# (configure rewrites what a running service reads; stop it first).
not_running() {
  local name
  for name; do
    if pid_of "$name" >/dev/null; then
      log "$name is running: stop it first (${0##*/} stop)"
      exit 1
    fi
  done
}

# need PROGRAM...: fail with a hint when one is not installed.
need() {
  local tool
  for tool; do
    command -v "$tool" >/dev/null || { log "missing $tool: run testbed/install.sh"; exit 1; }
  done
}

# render TEMPLATE NAME=VALUE... : prints testbed/conf/TEMPLATE with every
# @NAME@ replaced by VALUE. Plain text replacement: a value is never evaluated
# (no shell, no sed; & and \ are literal). Fails when a NAME does not occur
# or a @PLACEHOLDER@ is left unfilled, so a template and its caller cannot
# drift apart silently.
render() {
  local file=$CONF_DIR/$1 text pair name
  shift
  [[ -f $file ]] || { log "render: no template $file"; return 1; }
  IFS= read -r -d '' text <"$file" || true # (-d '': whole file; status 1 at EOF)
  for pair; do
    name=${pair%%=*}
    [[ $text == *"@$name@"* ]] || { log "render: $file has no @$name@"; return 1; }
    text=${text//"@$name@"/"${pair#*=}"}
  done
  if [[ $text =~ @[A-Z][A-Z0-9_]*@ ]]; then
    log "render: $file: ${BASH_REMATCH[0]} not filled"
    return 1
  fi
  printf '%s' "$text"
}

# spawn NAME EXE CMD... : start CMD detached (own session, stdio to the log,
# without fd 9: a daemon holding the lock fd would block every later up/down)
# and record "<pid> EXE", EXE being the program the process ends up running
# after its exec chain. The PID is written by the process itself right before
# exec, so it is right even if setsid has to fork.
spawn() {
  local name=$1 exe=$2
  shift 2
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid bash -c 'printf "%s %s\n" "$$" "$1" >"$0.tmp" && mv "$0.tmp" "$0"; shift; exec "$@"' \
    "$PIDDIR/$name.pid" "$exe" "$@" </dev/null >>"$LOGDIR/$name.log" 2>&1 9>&- &
}
exe_of() { readlink -f "$(command -v "$1")"; }

# proc_alive NAME: the recorded process exists and is not a zombie (whatever
# it runs right now: hosts go unshare -> bash -> sshd).
proc_alive() {
  local pid _
  [[ -s $PIDDIR/$1.pid ]] || return 1
  read -r pid _ <"$PIDDIR/$1.pid"
  running "$pid"
}
pid_recorded() { [[ -s $PIDDIR/$1.pid ]]; }

# show_log NAME: the end of NAME's log, for a failure message.
show_log() {
  if [[ -s $LOGDIR/$1.log ]]; then
    log "last lines of $LOGDIR/$1.log:"
    tail -n 40 "$LOGDIR/$1.log" >&2 || true
  fi
}

# wait_until NAME TIMEOUT_S CMD... : poll CMD every 0.1 s; fail (showing NAME's
# log) when it times out or when NAME's process has died meanwhile.
wait_until() {
  local name=$1 timeout=$2 deadline
  shift 2
  deadline=$(($(date +%s%N) + timeout * 1000000000))
  until "$@" >/dev/null 2>&1; do
    if [[ -s $PIDDIR/$name.pid ]] && ! proc_alive "$name"; then
      log "$name exited during start"
      show_log "$name"
      return 1
    fi
    if (($(date +%s%N) > deadline)); then
      log "$name not ready after ${timeout}s (waiting for: $*)"
      show_log "$name"
      return 1
    fi
    sleep 0.1
  done
}

# busy_ports "proto addr port"... -> prints those already taken, as addr:port/proto.
busy_ports() {
  local entry proto addr port
  for entry; do
    read -r proto addr port <<<"$entry"
    if ss -Hln"${proto:0:1}" "( sport = :$port )" 2>/dev/null | awk '{print $4}' |
      grep -Eq "^(0\.0\.0\.0|\*|\[::\]|$addr|\[::ffff:$addr\]):$port$"; then
      printf '%s\n' "$addr:$port/$proto"
    fi
  done
}

# ---- probes: does a service do its job? (up.sh's readiness, status.sh) -------

# probe_soa ADDR PORT ZONE: the server answers ZONE's SOA.
probe_soa() { [[ -n $(dig +short +time=1 +tries=1 @"$1" -p "$2" "$3" SOA) ]]; }

# probe_nsupdate KEY_FILE ZONE: bind accepts a TSIG-signed update of a
# throwaway TXT in ZONE (it answers queries a moment before it takes updates),
# which is deleted again.
probe_nsupdate() {
  nsupdate -t 2 -k "$1" <<EOF
server $DNS_ADDR $DNS_PORT
zone $2
update delete _testbed-probe.$2. TXT
update add _testbed-probe.$2. 5 TXT "probe"
send
update delete _testbed-probe.$2. TXT
send
EOF
}

# probe_pdns_api API_KEY: PowerDNS's HTTP API serves its zone.
probe_pdns_api() {
  curl -fsS -m 2 -H "X-API-Key: $1" \
    "http://$PDNS_ADDR:$PDNS_API_PORT/api/v1/servers/localhost/zones/$PDNS_ZONE."
}

# probe_https URL: the URL answers over HTTPS signed by the bed's Pebble HTTPS CA.
probe_https() { curl -fsS -m 2 --cacert "$STATE/pebble/ca.pem" "$1"; }

# probe_pebble PORT MGMT_PORT: a Pebble serves its directory and its root.
probe_pebble() {
  probe_https "https://$PEBBLE_ADDR:$1/dir" && probe_https "https://$PEBBLE_ADDR:$2/roots/0"
}

# probe_tcp ADDR PORT: something accepts TCP connections there.
probe_tcp() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# probe_ssh_login ADDR: root logs in with the bed's key, the host key pinned.
probe_ssh_login() {
  ssh -F /dev/null -i "$STATE/ssh/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$STATE/ssh/known_hosts" \
    -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=2 -p "$SSH_PORT" "root@$1" true
}

# tcp_open ADDR PORT: something accepts a TCP connection there.
tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# probe_tls ADDR: nginx completes a TLS handshake for www.certflow.test.
probe_tls() {
  openssl s_client -connect "$1:$HTTPS_PORT" -servername www.certflow.test </dev/null 2>/dev/null |
    grep -q 'BEGIN CERTIFICATE'
}

# ---- the service interface ----------------------------------------------------

# service_main SUBCOMMAND ARGS...: the entry point of testbed/services/<x>.sh,
# which defines cmd_configure, cmd_start, cmd_ready, cmd_stop and optionally
# cmd_env, then ends with `service_main "$@"`. See testbed/README.md.
service_main() {
  local cmd=${1:-}
  case $cmd in
    configure | start | ready | stop | env) shift ;;
    *)
      log "usage: ${0##*/} configure|start|ready|stop|env [instance...]"
      exit 2
      ;;
  esac
  if ! declare -F "cmd_$cmd" >/dev/null; then
    [[ $cmd == env ]] && return 0 # a service may have nothing to tell the tests
    log "${0##*/} has no '$cmd'"
    exit 2
  fi
  if [[ $cmd != env ]]; then
    preflight
    lock_state
  fi
  "cmd_$cmd" "$@"
}
