# shellcheck shell=bash
# Shared by testbed/services/{haproxy,apache,mail}.sh: one more SSH host of the bed, like host1..3
# (a private mount namespace with its own sshd, /etc/ssl and /run), whose server daemons are
# started inside that namespace by a boot script the service writes. Sourced, never run.
#
# A kind host lives in $STATE/<name>; its sshd takes the bed's client key (ssh/authorized_keys),
# its host key is pinned in $STATE/<name>/known_hosts, and everything a test needs is in
# $STATE/<name>/env (KEY=value). Only 127.0.0.31-39 are used.

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# kind_configure NAME ADDR: host folder, host key, sshd_config, a copy of /etc/ssl with
# certflow/ emptied. The service adds its own files and mounts afterwards.
kind_configure() {
  local name=$1 addr=$2 H=$STATE/$1
  [[ -s $STATE/ssh/authorized_keys ]] || { log "$name: the bed is not up (no $STATE/ssh/authorized_keys)"; return 1; }
  rm -rf "$H"
  mkdir -p "$H/run/sshd" "$H/log" "$H/root-home" "$PIDDIR" "$LOGDIR"
  chmod 0755 "$H/run/sshd"
  chmod 0700 "$H/root-home"
  : >"$H/run/utmp"
  : >"$H/mounts"
  ssh-keygen -q -t ed25519 -N '' -C "$name" -f "$H/ssh_host_ed25519_key"
  printf '%s %s\n' "$addr" "$(cut -d' ' -f1,2 "$H/ssh_host_ed25519_key.pub")" >"$H/known_hosts"
  cat >"$H/sshd_config" <<CONF
ListenAddress $addr:$SSH_PORT
HostKey $H/ssh_host_ed25519_key
PidFile /run/sshd.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile $STATE/ssh/authorized_keys
StrictModes no
UsePAM no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 100:30:200
MaxSessions 50
Subsystem sftp internal-sftp
LogLevel VERBOSE
CONF
  cp -a /etc/ssl "$H/etc-ssl"
  rm -rf "$H/etc-ssl/certflow"
  mkdir -p "$H/etc-ssl/certflow"
  kind_mount "$H/etc-ssl" /etc/ssl
  kind_mount "$H/run" /run
  kind_mount "$H/root-home" /root
}

# kind_mount SRC DST: one more bind mount of the host (made in order at start).
kind_mount() {
  printf '%s %s\n' "$1" "$2" >>"$STATE/${NAME_OF_KIND:?}/mounts"
}

# kind_placeholder NAME SITE HOST_LABEL DNS...: a self-signed placeholder in certflow/SITE.
kind_placeholder() {
  local H=$STATE/$1 site=$2 label=$3 san
  shift 3
  san=$(printf 'DNS:%s,' "$@")
  mkdir -p "$H/etc-ssl/certflow/$site"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -keyout "$H/etc-ssl/certflow/$site/privkey.pem" -out "$H/etc-ssl/certflow/$site/fullchain.pem" \
    -subj "/O=certflow testbed placeholder/CN=$site placeholder on $label" \
    -addext "subjectAltName=${san%,}" 2>/dev/null
  chmod 0600 "$H/etc-ssl/certflow/$site/privkey.pem"
}

# kind_start NAME: the namespace with its mounts, then $STATE/NAME/boot.sh (starts the daemons,
# which fork into the background), then sshd in the foreground: the recorded PID is sshd's.
kind_start() {
  local name=$1 H=$STATE/$1
  if pid_of "$name" >/dev/null; then
    log "$name already running"
    return 0
  fi
  # shellcheck disable=SC2016 # expanded by the inner shell
  spawn "$name" "$(readlink -f "$(command -v sshd)")" unshare --mount --uts --propagation private bash -c '
    set -e
    H=$1 name=$2
    while read -r src dst; do mount --bind "$src" "$dst"; done <"$H/mounts"
    hostname "$name"
    bash "$H/boot.sh"
    exec /usr/sbin/sshd -D -e -f "$H/sshd_config"
  ' kind-ns "$H" "$name"
}

kind_ssh() { # NAME ADDR COMMAND
  ssh -F /dev/null -i "$STATE/ssh/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$STATE/$1/known_hosts" \
    -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=2 -p "$SSH_PORT" "root@$2" "$3"
}

# kind_ready NAME ADDR: sshd takes a login (the daemons' own probes are the service's).
kind_ready() {
  wait_until "$1" 15 pid_of "$1" && wait_until "$1" 15 kind_ssh "$1" "$2" true
}

# kind_stop NAME: every process in the host's mount namespace, then the recorded sshd. Only
# processes of that namespace are touched (lib.sh's pids_in_mount_ns refuses the machine's own).
kind_stop() {
  local name=$1 pid victims=() p i
  pid=$(pid_of "$name") || { log "$name not running"; return 0; }
  mapfile -t victims < <(pids_in_mount_ns "$pid")
  victims+=("$pid")
  kill -TERM "${victims[@]}" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    local alive=()
    for p in "${victims[@]}"; do running "$p" && alive+=("$p"); done
    ((${#alive[@]})) || break
    victims=("${alive[@]}")
    sleep 0.1
  done
  kill -KILL "${victims[@]}" 2>/dev/null || true
  rm -f "$PIDDIR/$name.pid"
}

# kind_env NAME ADDR KEY=VALUE...: writes $STATE/NAME/env (read by test/support/kinds.ts).
kind_env() {
  local name=$1 addr=$2 H=$STATE/$1
  shift 2
  {
    echo "# certflow test bed: $name, written by testbed/services/$name.sh. KEY=value, no quotes."
    echo "NAME=$name"
    echo "ADDR=$addr"
    echo "PID=$(pid_of "$name")"
    echo "DIR=$H"
    echo "CERT_DIR=$H/etc-ssl/certflow"
    echo "KNOWN_HOSTS=$H/known_hosts"
    printf '%s\n' "$@"
  } >"$H/env.tmp"
  mv "$H/env.tmp" "$H/env"
}

# kind_main NAME ADDR ACTION: the configure|start|ready|stop dispatch every service shares.
kind_main() {
  local name=$1 addr=$2 action=${3:-}
  NAME_OF_KIND=$name
  case $action in
  configure) "${name}_configure" ;;
  start) kind_start "$name" ;;
  ready) kind_ready "$name" "$addr" && "${name}_ready" && "${name}_env" ;;
  stop) kind_stop "$name" ;;
  env) ;; # its env is $STATE/<name>/env, written when ready
  *)
    echo "usage: $0 configure|start|ready|stop" >&2
    return 2
    ;;
  esac
}
