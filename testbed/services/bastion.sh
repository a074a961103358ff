#!/usr/bin/env bash
# Bed service "bastion": a host that SSH reaches only through a jump host, for targets' `jump:`.
#   bash testbed/services/bastion.sh configure|start|ready|stop
# Starts into a running bed (after the hosts), on its own, and stops on its own.
#
# - hidden (127.0.0.22:22): an sshd in a network namespace of its own (its loopback only, no
#   interface to anything), sharing host1's mount namespace, so what it deploys lands in host1's
#   /etc/ssl/certflow and host1's nginx (127.0.0.11:443) serves it: the TLS proof uses
#   verify.address, as for a host behind a load balancer. From the machine, 127.0.0.22:22 is closed.
# - bastion (127.0.0.21:22): systemd-socket-activate listens on the machine's loopback and starts,
#   per connection, `sshd -i` inside the hidden namespace; so the bastion is the only way in. It
#   admits one user, certflow-jump, with a key of its own, and forwards only to 127.0.0.22:22
#   (PermitOpen), no shell.
# The machine-wide user certflow-jump stays after stop (it has no password and no shell access).
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BASTION_ADDR=127.0.0.21
HIDDEN_ADDR=127.0.0.22
JUMP_USER=certflow-jump
VIA_HOST=host1
B=$STATE/bastion

keygen_once() { # file name in $B
  if [[ ! -s $B/$1 ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "certflow-testbed-$1" -f "$B/$1"
  fi
}

configure() {
  [[ -s $STATE/ssh/id_ed25519.pub ]] || { log "bastion: no bed in $STATE"; exit 1; }
  mkdir -p "$B/run/sshd"
  chmod 0755 "$B/run/sshd"
  keygen_once bastion_host_key
  keygen_once hidden_host_key
  keygen_once jump_key
  keygen_once wrong_bastion_key
  id "$JUMP_USER" >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin "$JUMP_USER"
  usermod -p '*' "$JUMP_USER"
  local home
  home=$(getent passwd "$JUMP_USER" | cut -d: -f6)
  install -d -m 0700 -o "$JUMP_USER" -g "$JUMP_USER" "$home/.ssh"
  install -m 0600 -o "$JUMP_USER" -g "$JUMP_USER" "$B/jump_key.pub" "$home/.ssh/authorized_keys"

  cat >"$B/bastion_sshd_config" <<EOF
HostKey $B/bastion_host_key
PermitRootLogin no
AllowUsers $JUMP_USER
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys
UsePAM no
UseDNS no
AllowTcpForwarding local
PermitOpen $HIDDEN_ADDR:22
AllowAgentForwarding no
AllowStreamLocalForwarding no
X11Forwarding no
PermitTTY no
ForceCommand /bin/false
LogLevel VERBOSE
EOF
  cat >"$B/hidden_sshd_config" <<EOF
ListenAddress $HIDDEN_ADDR:22
HostKey $B/hidden_host_key
PidFile /run/sshd-hidden.pid
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
EOF
  {
    printf '%s %s\n' "$BASTION_ADDR" "$(cut -d' ' -f1,2 "$B/bastion_host_key.pub")"
    printf '%s %s\n' "$HIDDEN_ADDR" "$(cut -d' ' -f1,2 "$B/hidden_host_key.pub")"
  } >"$B/known_hosts"
  {
    printf '%s %s\n' "$BASTION_ADDR" "$(cut -d' ' -f1,2 "$B/wrong_bastion_key.pub")"
    printf '%s %s\n' "$HIDDEN_ADDR" "$(cut -d' ' -f1,2 "$B/hidden_host_key.pub")"
  } >"$B/known_hosts.wrong-bastion"
  {
    echo "BASTION_ADDR=$BASTION_ADDR"
    echo "BASTION_USER=$JUMP_USER"
    echo "BASTION_KEY=$B/jump_key"
    echo "HIDDEN_ADDR=$HIDDEN_ADDR"
    echo "HIDDEN_FILES_OF=$VIA_HOST"
    echo "BASTION_KNOWN_HOSTS=$B/known_hosts"
    echo "BASTION_KNOWN_HOSTS_WRONG=$B/known_hosts.wrong-bastion"
  } >"$B/env"
}

start() {
  mkdir -p "$PIDDIR" "$LOGDIR"
  local hpid
  if ! pid_of hidden >/dev/null; then
    hpid=$(pid_of "$VIA_HOST") || { log "bastion: $VIA_HOST is not up"; exit 1; }
    # shellcheck disable=SC2016 # expanded by the inner shell
    setsid nsenter --target "$hpid" --mount --uts -- unshare --net -- bash -c '
      set -e
      printf "%s %s\n" "$$" /usr/sbin/sshd >"$1.tmp" && mv "$1.tmp" "$1"
      ip link set lo up
      exec /usr/sbin/sshd -D -e -f "$2"
    ' hidden-ns "$PIDDIR/hidden.pid" "$B/hidden_sshd_config" </dev/null >>"$LOGDIR/hidden.log" 2>&1 9>&- &
    wait_for 10 pid_of hidden
  fi
  if ! pid_of bastion >/dev/null; then
    hpid=$(pid_of hidden)
    local activate
    activate=$(readlink -f "$(command -v systemd-socket-activate)")
    # shellcheck disable=SC2016 # expanded by the inner shell
    setsid unshare --mount --propagation private -- bash -c '
      set -e
      printf "%s %s\n" "$$" "$4" >"$1.tmp" && mv "$1.tmp" "$1"
      mount --bind "$2/run" /run
      exec "$4" --listen="$5:22" --accept --inetd \
        nsenter --net="/proc/$3/ns/net" -- /usr/sbin/sshd -i -e -f "$2/bastion_sshd_config"
    ' bastion-ns "$PIDDIR/bastion.pid" "$B" "$hpid" "$activate" "$BASTION_ADDR" \
      </dev/null >>"$LOGDIR/bastion.log" 2>&1 9>&- &
    wait_for 10 pid_of bastion
  fi
}

wait_for() { # timeout_s cmd...
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS <= deadline)) || { log "bastion: timed out waiting for: $*"; return 1; }
    sleep 0.1
  done
}

through_bastion() {
  ssh -F /dev/null -i "$STATE/ssh/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$B/known_hosts" -o GlobalKnownHostsFile=/dev/null \
    -o ConnectTimeout=3 \
    -o ProxyCommand="ssh -F /dev/null -i $B/jump_key -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$B/known_hosts -o GlobalKnownHostsFile=/dev/null -W %h:%p $JUMP_USER@$BASTION_ADDR" \
    "root@$HIDDEN_ADDR" hostname
}

ready() {
  wait_for 15 through_bastion
}

stop() {
  local svc pid
  for svc in bastion hidden; do
    if pid=$(pid_of "$svc"); then kill -TERM "$pid" 2>/dev/null || true; fi
    rm -f "$PIDDIR/$svc.pid"
  done
}

case ${1:-} in
configure | start | ready | stop) "$1" ;;
*)
  echo "usage: $0 configure|start|ready|stop" >&2
  exit 2
  ;;
esac
