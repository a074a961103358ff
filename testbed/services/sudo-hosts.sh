#!/usr/bin/env bash
# Bed service "sudo-hosts": an unprivileged deploy user on each SSH host, for `become: sudo`.
#   bash testbed/services/sudo-hosts.sh configure|start|ready|stop
# Starts into a running bed (after the hosts), on its own, and stops on its own.
#
# What it does, per host (host1..3, each a mount namespace of up.sh):
# - machine-wide users `deploy` (sudo without a password: the exact sudoers line of docs/deploy.md)
#   and `deploy-askpass` (same commands, but sudo asks for a password), each with the bed's client
#   key in ~/.ssh/authorized_keys;
# - inside the host's namespace only: /etc/sudoers.d and /usr/local/sbin bind-mounted from this
#   service's folder (the sudoers file and host/certflow-sudo), so the machine itself grants nothing,
#   and /etc/hosts with the host's own name added (sudo resolves its host name: without the line
#   it would ask the machine's DNS resolver);
# - a second sshd in the host's namespace on <host address>:2222 with the host's own host key,
#   reading ~/.ssh/authorized_keys (the bed's sshd on :22 reads a key file in the 0700 state
#   folder, which only root can open).
# Users stay in /etc/passwd after stop (harmless without the sudoers file, which exists only in the
# hosts' namespaces); `configure` is idempotent.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SUDO_PORT=2222
SUDO_USER_OK=deploy
SUDO_USER_ASKPASS=deploy-askpass
D=$STATE/sudo-hosts
HELPER_SRC=$REPO_ROOT/host/certflow-sudo
# The line docs/deploy.md gives (test/integration/deploy-sudo.test.ts checks they agree).
SUDOERS_COMMANDS='/usr/local/sbin/certflow-sudo, /usr/sbin/nginx -t, /usr/sbin/nginx -s reload'

host_pid() { pid_of "$1" || { log "sudo-hosts: $1 is not up: start the bed first (testbed/up.sh)"; exit 1; }; }

make_user() { # name
  id "$1" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$1"
  # '*': no password, but not locked (sshd without PAM refuses locked accounts).
  usermod -p '*' "$1"
  local home
  home=$(getent passwd "$1" | cut -d: -f6)
  install -d -m 0700 -o "$1" -g "$1" "$home/.ssh"
  install -m 0600 -o "$1" -g "$1" "$STATE/ssh/id_ed25519.pub" "$home/.ssh/authorized_keys"
}

configure() {
  [[ -s $STATE/ssh/id_ed25519.pub ]] || { log "sudo-hosts: no bed in $STATE"; exit 1; }
  make_user "$SUDO_USER_OK"
  make_user "$SUDO_USER_ASKPASS"
  mkdir -p "$D/sbin" "$D/sudoers.d"
  install -m 0755 -o root -g root "$HELPER_SRC" "$D/sbin/certflow-sudo"
  {
    echo "# certflow test bed (testbed/services/sudo-hosts.sh): seen only inside the hosts."
    echo "$SUDO_USER_OK ALL=(root) NOPASSWD: $SUDOERS_COMMANDS"
    echo "$SUDO_USER_ASKPASS ALL=(root) $SUDOERS_COMMANDS"
  } >"$D/sudoers.d/certflow.tmp"
  chmod 0440 "$D/sudoers.d/certflow.tmp"
  visudo -cq -f "$D/sudoers.d/certflow.tmp"
  mv "$D/sudoers.d/certflow.tmp" "$D/sudoers.d/certflow"
  : >"$D/known_hosts.tmp"
  for i in "${!HOST_NAMES[@]}"; do
    local host=${HOST_NAMES[$i]} addr=${HOST_ADDRS[$i]}
    cat >"$D/$host.sshd_config" <<EOF
ListenAddress $addr:$SUDO_PORT
HostKey $STATE/$host/ssh_host_ed25519_key
PidFile /run/sshd-sudo.pid
PermitRootLogin no
AllowUsers $SUDO_USER_OK $SUDO_USER_ASKPASS
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys
UsePAM no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 100:30:200
MaxSessions 50
Subsystem sftp internal-sftp
LogLevel VERBOSE
EOF
    { cat /etc/hosts; echo "$addr $host"; } >"$D/$host.hosts"
    printf '[%s]:%s %s\n' "$addr" "$SUDO_PORT" "$(cut -d' ' -f1,2 "$STATE/$host/ssh_host_ed25519_key.pub")" \
      >>"$D/known_hosts.tmp"
  done
  mv "$D/known_hosts.tmp" "$D/known_hosts"
  {
    echo "SUDO_SSH_PORT=$SUDO_PORT"
    echo "SUDO_USER=$SUDO_USER_OK"
    echo "SUDO_ASKPASS_USER=$SUDO_USER_ASKPASS"
    echo "SUDO_KNOWN_HOSTS=$D/known_hosts"
    echo "SUDO_SUDOERS=$D/sudoers.d/certflow"
  } >"$D/env"
}

start() {
  mkdir -p "$PIDDIR" "$LOGDIR"
  for host in "${HOST_NAMES[@]}"; do
    if pid_of "sudo-$host" >/dev/null; then continue; fi
    local pid
    pid=$(host_pid "$host")
    # shellcheck disable=SC2016 # expanded by the inner shell
    setsid nsenter --target "$pid" --mount --uts -- bash -c '
      set -e
      printf "%s %s\n" "$$" /usr/sbin/sshd >"$1.tmp" && mv "$1.tmp" "$1"
      mountpoint -q /usr/local/sbin || mount --bind "$2/sbin" /usr/local/sbin
      mountpoint -q /etc/sudoers.d || mount --bind "$2/sudoers.d" /etc/sudoers.d
      mountpoint -q /etc/hosts || mount --bind "$2/$3.hosts" /etc/hosts
      exec /usr/sbin/sshd -D -e -f "$2/$3.sshd_config"
    ' sudo-ns "$PIDDIR/sudo-$host.pid" "$D" "$host" </dev/null >>"$LOGDIR/sudo-$host.log" 2>&1 9>&- &
  done
}

probe() { # addr
  ssh -F /dev/null -i "$STATE/ssh/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$D/known_hosts" -o GlobalKnownHostsFile=/dev/null \
    -o ConnectTimeout=2 -p "$SUDO_PORT" "$SUDO_USER_OK@$1" sudo -n /usr/local/sbin/certflow-sudo probe
}

ready() {
  local deadline i
  deadline=$((SECONDS + 15))
  for i in "${!HOST_NAMES[@]}"; do
    until probe "${HOST_ADDRS[$i]}" >/dev/null 2>&1; do
      if ((SECONDS > deadline)); then
        log "sudo-hosts: ${HOST_NAMES[$i]} not ready (see $LOGDIR/sudo-${HOST_NAMES[$i]}.log)"
        return 1
      fi
      sleep 0.1
    done
  done
}

stop() {
  local host pid hpid
  for host in "${HOST_NAMES[@]}"; do
    if pid=$(pid_of "sudo-$host"); then kill -TERM "$pid" 2>/dev/null || true; fi
    rm -f "$PIDDIR/sudo-$host.pid"
    if hpid=$(pid_of "$host"); then
      nsenter --target "$hpid" --mount -- sh -c \
        'umount /etc/sudoers.d /usr/local/sbin /etc/hosts 2>/dev/null; true'
    fi
  done
}

case ${1:-} in
configure | start | ready | stop) "$1" ;;
*)
  echo "usage: $0 configure|start|ready|stop" >&2
  exit 2
  ;;
esac
