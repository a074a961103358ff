#!/usr/bin/env bash
# The SSH+nginx deploy targets host1..3 (127.0.0.11-13, ssh :22, https :443),
# each in a mount (and UTS) namespace of its own, and the client side they
# share (the bed's SSH key, known_hosts).
# Usage: testbed/services/host.sh configure|start|ready|stop|env [host1 ...]
# (no host: all of HOST_NAMES). Interface: testbed/README.md.
set -euo pipefail
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SD=$STATE/ssh

# hosts ARGS... -> "name addr" of each host named (default: all).
hosts() {
  local name i found
  (($#)) || set -- "${HOST_NAMES[@]}"
  for name; do
    found=0
    for i in "${!HOST_NAMES[@]}"; do
      if [[ ${HOST_NAMES[$i]} == "$name" ]]; then
        echo "$name ${HOST_ADDRS[$i]}"
        found=1
      fi
    done
    ((found)) || { log "host: unknown host '$name' (known: ${HOST_NAMES[*]})"; return 2; }
  done
}

# pin FILE ADDR KEY_FILE: FILE's line for ADDR becomes KEY_FILE's key.
pin() {
  local others
  others=$(awk -v addr="$2" '$1 != addr' "$1")
  { [[ -z $others ]] || printf '%s\n' "$others"; printf '%s %s\n' "$2" "$(cut -d' ' -f1,2 "$3")"; } >"$1"
}

make_placeholder() { # dir host site names...
  local dir=$1 host=$2 site=$3 san
  shift 3
  san=$(printf 'DNS:%s,' "$@")
  mkdir -p "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" \
    -subj "/O=certflow testbed placeholder/CN=$site placeholder on $host" \
    -addext "subjectAltName=${san%,}" 2>/dev/null
  chmod 0600 "$dir/privkey.pem"
}

# configure_client: the bed's SSH client key and known_hosts files (once).
configure_client() {
  mkdir -p "$SD"
  [[ ! -s $SD/id_ed25519 ]] || return 0
  ssh-keygen -q -t ed25519 -N '' -C certflow-testbed-client -f "$SD/id_ed25519"
  cp "$SD/id_ed25519.pub" "$SD/authorized_keys"
  # A host key that no host has: pinned for host3 in known_hosts.wrong.
  ssh-keygen -q -t ed25519 -N '' -C certflow-testbed-wrong -f "$SD/wrong_host_key"
  : >"$SD/known_hosts"
  : >"$SD/known_hosts.wrong"
}

configure_host() { # name addr
  local host=$1 addr=$2 H=$STATE/$1 P=$STATE/$1/pristine
  rm -rf "$H"
  mkdir -p "$H/run/sshd" "$H/log" "$P/nginx/sites" "$P/nginx/conf.d"
  chmod 0755 "$H/run/sshd"
  : >"$H/run/utmp"

  ssh-keygen -q -t ed25519 -N '' -C "$host" -f "$H/ssh_host_ed25519_key"
  pin "$SD/known_hosts" "$addr" "$H/ssh_host_ed25519_key.pub"
  if [[ $host == host3 ]]; then
    pin "$SD/known_hosts.wrong" "$addr" "$SD/wrong_host_key.pub"
  else
    pin "$SD/known_hosts.wrong" "$addr" "$H/ssh_host_ed25519_key.pub"
  fi

  # StrictModes no: the state folder may sit under a group/world-writable
  # parent (e.g. /tmp) where sshd would otherwise ignore authorized_keys.
  render host/sshd_config ADDR="$addr" SSH_PORT="$SSH_PORT" H="$H" SD="$SD" >"$H/sshd_config"

  # /etc/ssl inside the host: a copy of the machine's (CA bundle and all) plus
  # certflow/ with this host's own placeholders; mounted over /etc/ssl.
  cp -a /etc/ssl "$H/etc-ssl"
  rm -rf "$H/etc-ssl/certflow"
  make_placeholder "$P/certflow/www" "$host" www certflow.test www.certflow.test
  make_placeholder "$P/certflow/api" "$host" api api.certflow.test

  # The host's /etc/nginx: self-contained; sites/ holds the two baseline TLS
  # sites, conf.d/ is for tests (emptied by reset-hosts.sh).
  cp /etc/nginx/mime.types "$P/nginx/mime.types"
  render host/nginx.conf >"$P/nginx/nginx.conf"
  render host/site-www.conf ADDR="$addr" HTTPS_PORT="$HTTPS_PORT" HOST="$host" >"$P/nginx/sites/www.conf"
  render host/site-api.conf ADDR="$addr" HTTPS_PORT="$HTTPS_PORT" HOST="$host" >"$P/nginx/sites/api.conf"
  cp -a "$P/certflow" "$H/etc-ssl/certflow"
  cp -a "$P/nginx" "$H/etc-nginx"
}

cmd_configure() {
  local list host addr
  list=$(hosts "$@")
  need sshd ssh ssh-keygen nginx openssl unshare nsenter mount hostname
  state_dirs
  configure_client
  while read -r host _; do not_running "$host"; done <<<"$list"
  while read -r host addr; do
    configure_host "$host" "$addr"
  done <<<"$list"
}

cmd_start() {
  local list host _
  list=$(hosts "$@")
  while read -r host _; do
    # Inside its own mount (and UTS) namespace each host sees its private
    # /etc/ssl, /etc/nginx, /run and /var/log/nginx at the usual paths, so
    # that plain "nginx -s reload" in an SSH session acts on this host's nginx.
    # Its root also gets a home of its own: a real server's root login does
    # not run the build machine's ~/.bashrc (here, a pyenv init that forks
    # ~100 processes and added ~100 ms to every SSH command).
    # nginx daemonises (binding :443 before it returns); the shell then
    # becomes sshd, so the recorded PID is sshd's and names the namespace for
    # nsenter.
    # shellcheck disable=SC2016 # expanded by the inner shell
    spawn "$host" "$(exe_of sshd)" unshare --mount --uts --propagation private bash -c '
      set -e
      H=$1 host=$2
      mount --bind "$H/etc-ssl" /etc/ssl
      mount --bind "$H/etc-nginx" /etc/nginx
      mount --bind "$H/run" /run
      mount --bind "$H/log" /var/log/nginx
      mkdir -p -m 0700 "$H/root-home"
      mount --bind "$H/root-home" /root
      hostname "$host"
      nginx
      exec /usr/sbin/sshd -D -e -f "$H/sshd_config"
    ' host-ns "$STATE/$host" "$host"
  done <<<"$list"
}

cmd_ready() {
  local list host addr pids=() names=() i
  list=$(hosts "$@")
  while read -r host _; do
    wait_until "$host" 10 pid_recorded "$host"
  done <<<"$list"
  # Until the recorded process has become sshd.
  while read -r host _; do
    wait_until "$host" 10 pid_of "$host"
  done <<<"$list"
  # A login costs ~0.4 s of CPU on a small machine: check the hosts in parallel.
  while read -r host addr; do
    (wait_until "$host" 10 probe_ssh_login "$addr" && wait_until "$host" 10 probe_tls "$addr") &
    pids+=("$!")
    names+=("$host")
  done <<<"$list"
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { log "host: ${names[$i]} not ready"; exit 1; }
  done
}

cmd_stop() {
  local list host _ names=()
  list=$(hosts "$@")
  while read -r host _; do names+=("$host"); done <<<"$list"
  stop_names "${names[@]}"
}

cmd_env() {
  local i host n
  echo "SSH_HOSTS=$(IFS=,; echo "${HOST_ADDRS[*]}")"
  echo "SSH_HOST_NAMES=$(IFS=,; echo "${HOST_NAMES[*]}")"
  echo "SSH_PORT=$SSH_PORT"
  echo "SSH_USER=root"
  echo "SSH_KEY=$SD/id_ed25519"
  echo "SSH_KNOWN_HOSTS=$SD/known_hosts"
  echo "SSH_KNOWN_HOSTS_WRONG=$SD/known_hosts.wrong"
  echo "SSH_KNOWN_HOSTS_WRONG_HOST=${HOST_ADDRS[2]}"
  echo "HTTPS_PORT=$HTTPS_PORT"
  echo "NGINX_SITES=www,api"
  for i in "${!HOST_NAMES[@]}"; do
    host=${HOST_NAMES[$i]}
    n=${host#host}
    echo "HOST${n}_NAME=$host"
    echo "HOST${n}_ADDR=${HOST_ADDRS[$i]}"
    echo "HOST${n}_PID=$(pid_of "$host")"
    echo "HOST${n}_DIR=$STATE/$host"
    echo "HOST${n}_CERT_DIR=$STATE/$host/etc-ssl/certflow"
    echo "HOST${n}_NGINX_DIR=$STATE/$host/etc-nginx"
    echo "HOST${n}_HOST_KEY_FINGERPRINT=$(ssh-keygen -l -E sha256 -f "$STATE/$host/ssh_host_ed25519_key.pub" | awk '{print $2}')"
  done
}

service_main "$@"
