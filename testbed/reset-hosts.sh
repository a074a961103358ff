#!/usr/bin/env bash
# Puts every test host back to its state right after up.sh: the placeholder
# certificates in /etc/ssl/certflow (anything else there removed), the baseline
# /etc/nginx (conf.d emptied), nginx reloaded (or started if a test stopped
# it). Returns once each host serves its placeholders again.
# Usage: testbed/reset-hosts.sh [host1 host2 ...]   (default: all)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ ! -s $ENV_FILE ]]; then
  log "not up (no $ENV_FILE): run testbed/up.sh"
  exit 1
fi
lock_state
hosts=("$@")
((${#hosts[@]})) || hosts=("${HOST_NAMES[@]}")

fingerprint() { openssl x509 -noout -fingerprint -sha256 -in "$1" | cut -d= -f2; }
served() { # addr servername
  openssl s_client -connect "$1:$HTTPS_PORT" -servername "$2" </dev/null 2>/dev/null |
    openssl x509 -noout -fingerprint -sha256 2>/dev/null | cut -d= -f2
}

for host in "${hosts[@]}"; do
  addr=""
  for i in "${!HOST_NAMES[@]}"; do
    if [[ ${HOST_NAMES[$i]} == "$host" ]]; then addr=${HOST_ADDRS[$i]}; fi
  done
  [[ -n $addr ]] || { log "unknown host '$host' (known: ${HOST_NAMES[*]})"; exit 2; }
  H=$STATE/$host
  sshd_pid=$(pid_of "$host") || { log "$host: sshd is not running: run testbed/down.sh && testbed/up.sh"; exit 1; }

  # The bind-mount sources are plain folders in the state dir: restore them
  # from outside. Replace contents, not the folders (they are mount points).
  find "$H/etc-ssl/certflow" -mindepth 1 -delete 2>/dev/null || mkdir -p "$H/etc-ssl/certflow"
  cp -a "$H/pristine/certflow/." "$H/etc-ssl/certflow/"
  find "$H/etc-nginx" -mindepth 1 -delete
  cp -a "$H/pristine/nginx/." "$H/etc-nginx/"

  # nginx itself must be driven from inside the host's namespace.
  # (fd 9 is our lock: a daemonising nginx must not keep it.)
  in_host() { nsenter --mount --uts --target "$sshd_pid" -- "$@" 9>&-; }
  if nginx_pid "$host" >/dev/null; then
    out=$(in_host nginx -s reload 2>&1) || { log "$host: nginx -s reload failed: $out"; exit 1; }
  else
    # Not in $(...): the daemon would keep the capture pipe open.
    in_host nginx >>"$LOGDIR/$host.log" 2>&1 ||
      { log "$host: starting nginx failed:"; tail -n 5 "$LOGDIR/$host.log" >&2; exit 1; }
  fi

  # reload is asynchronous: wait until new workers serve the placeholders.
  for site in www api; do
    want=$(fingerprint "$H/pristine/certflow/$site/fullchain.pem")
    name=$site.certflow.test
    deadline=$((SECONDS + 10))
    until [[ $(served "$addr" "$name") == "$want" ]]; do
      if ((SECONDS > deadline)); then
        log "$host: $name still not serving its placeholder after 10 s"
        tail -n 20 "$H/log/error.log" >&2 || true
        exit 1
      fi
      sleep 0.05
    done
  done
done
echo "testbed: reset ${hosts[*]}"
