#!/usr/bin/env bash
# Starts the local test bed (testbed/README.md): bind9, PowerDNS, two Pebbles
# and three SSH+nginx hosts, all on loopback, all state in $STATE.
# Idempotent: when the bed is already up and healthy it exits 0 at once, so
# several test runs can share one bed. Last line of stdout is
# "testbed: started" or "testbed: already up" (test/support/global-setup.ts
# reads it to decide whether it owns the bed).
set -euo pipefail
# Pebble reads PEBBLE_* knobs from its environment: never inherit the caller's
# (a stray PEBBLE_VA_ALWAYS_VALID=1 would make every DNS-01 test meaningless).
while read -r v; do unset "$v"; done < <(compgen -e | grep '^PEBBLE_' || true)
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ $STATE =~ [[:space:]] ]]; then
  log "state folder must not contain whitespace: '$STATE'"
  exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
  log "must run as root (binds port 22 and 443, uses mount namespaces)"
  exit 1
fi

lock_state
if all_alive; then
  echo "testbed: already up"
  exit 0
fi
# Leftovers of a crashed or half-stopped bed: clear them before starting.
if [[ -d $PIDDIR || -e $ENV_FILE ]]; then
  log "found a stale or unhealthy bed in $STATE: stopping it first"
  bash "$TESTBED_HERE/services/agent-hosts.sh" stop || true
  stop_all
fi
find "$STATE" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +

t0=$(date +%s%N)
started=0
failed_service=""

on_exit() {
  local rc=$?
  if ((rc != 0)) && ((started == 0)); then
    log "FAILED (exit $rc)${failed_service:+ while starting $failed_service}"
    if [[ -n $failed_service && -f $LOGDIR/$failed_service.log ]]; then
      log "last lines of $LOGDIR/$failed_service.log:"
      tail -n 40 "$LOGDIR/$failed_service.log" >&2 || true
    fi
    bash "$TESTBED_HERE/services/agent-hosts.sh" stop || true
    stop_all
    log "stopped what was started; logs kept in $LOGDIR"
    rm -f "$ENV_FILE"
  fi
}
trap on_exit EXIT

for tool in pebble named nsupdate dig pdns_server pdnsutil sqlite3 sshd ssh ssh-keygen \
  nginx openssl curl unshare nsenter setsid flock ss; do
  command -v "$tool" >/dev/null || { log "missing $tool: run testbed/install.sh"; exit 1; }
done

# ---- refuse to start on top of something else ------------------------------
port_busy() { # addr port proto(t|u)
  ss -Hln"$3" "( sport = :$2 )" 2>/dev/null | awk '{print $4}' |
    grep -Eq "^(0\.0\.0\.0|\*|\[::\]|$1|\[::ffff:$1\]):$2$"
}
busy=()
for ap in "$PEBBLE_ADDR $PEBBLE_PORT" "$PEBBLE_ADDR $PEBBLE_MGMT_PORT" \
  "$PEBBLE_ADDR $PEBBLE_CHAOS_PORT" "$PEBBLE_ADDR $PEBBLE_CHAOS_MGMT_PORT" \
  "$DNS_ADDR $DNS_PORT" "$PDNS_ADDR $PDNS_PORT" "$PDNS_ADDR $PDNS_API_PORT"; do
  # shellcheck disable=SC2086 # split "addr port" on purpose
  set -- $ap
  if port_busy "$1" "$2" t; then busy+=("$1:$2/tcp"); fi
done
for a in "$DNS_ADDR $DNS_PORT" "$PDNS_ADDR $PDNS_PORT"; do
  # shellcheck disable=SC2086
  set -- $a
  if port_busy "$1" "$2" u; then busy+=("$1:$2/udp"); fi
done
for addr in "${HOST_ADDRS[@]}"; do
  for p in "$SSH_PORT" "$HTTPS_PORT"; do
    if port_busy "$addr" "$p" t; then busy+=("$addr:$p/tcp"); fi
  done
done
if ((${#busy[@]})); then
  log "ports already in use (another bed under another folder, or a distribution service): ${busy[*]}"
  ss -Hltnup 2>/dev/null | grep -E ":($PEBBLE_PORT|$PEBBLE_MGMT_PORT|$PEBBLE_CHAOS_PORT|$PEBBLE_CHAOS_MGMT_PORT|$DNS_PORT|$PDNS_PORT|$PDNS_API_PORT|$SSH_PORT|$HTTPS_PORT)\b" >&2 || true
  exit 1
fi

mkdir -p "$PIDDIR" "$LOGDIR" "$STATE/pebble" "$STATE/bind" "$STATE/pdns" "$STATE/ssh"
chmod 0700 "$STATE"

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

# wait_until NAME TIMEOUT_S CMD... : poll CMD every 0.1 s; fail (with NAME's
# log) when it times out or when NAME's process has died meanwhile.
wait_until() {
  local name=$1 timeout=$2 deadline
  shift 2
  deadline=$(($(date +%s%N) + timeout * 1000000000))
  until "$@" >/dev/null 2>&1; do
    if [[ -s $PIDDIR/$name.pid ]] && ! proc_alive "$name"; then
      failed_service=$name
      log "$name exited during start"
      return 1
    fi
    if (($(date +%s%N) > deadline)); then
      failed_service=$name
      log "$name not ready after ${timeout}s (waiting for: $*)"
      return 1
    fi
    sleep 0.1
  done
}

# ---- secrets and keys --------------------------------------------------------
TSIG_SECRET=$(openssl rand -base64 32)
PDNS_API_KEY=$(openssl rand -hex 24)

# Pebble ships no HTTPS certificate: mint a CA and a server certificate.
# P-256 keys keep start-up fast.
PB=$STATE/pebble
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -keyout "$PB/ca.key" -out "$PB/ca.pem" -subj "/CN=certflow testbed Pebble HTTPS CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$PB/server.key" -out "$PB/server.csr" -subj "/CN=pebble" 2>/dev/null
printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:pebble" "basicConstraints=CA:FALSE" \
  "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$PB/server.ext"
openssl x509 -req -in "$PB/server.csr" -CA "$PB/ca.pem" -CAkey "$PB/ca.key" -CAcreateserial \
  -days 30 -extfile "$PB/server.ext" -out "$PB/server.pem" 2>/dev/null
chmod 0600 "$PB"/*.key

write_pebble_config() { # file listen mgmt
  cat >"$1" <<EOF
{
  "pebble": {
    "listenAddress": "$2",
    "managementListenAddress": "$3",
    "certificate": "$PB/server.pem",
    "privateKey": "$PB/server.key",
    "httpPort": 5002,
    "tlsPort": 5001,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF
}
write_pebble_config "$PB/pebble.json" "$PEBBLE_ADDR:$PEBBLE_PORT" "$PEBBLE_ADDR:$PEBBLE_MGMT_PORT"
write_pebble_config "$PB/pebble-chaos.json" "$PEBBLE_ADDR:$PEBBLE_CHAOS_PORT" "$PEBBLE_ADDR:$PEBBLE_CHAOS_MGMT_PORT"

# ---- bind9 -------------------------------------------------------------------
BD=$STATE/bind
cat >"$BD/tsig.key" <<EOF
key "$TSIG_NAME" {
	algorithm hmac-sha256;
	secret "$TSIG_SECRET";
};
EOF
chmod 0600 "$BD/tsig.key"

# Root hints that point at loopback only. Recursion is on (Pebble sends RD=1
# and pdns.test is reached by forwarding), and this guarantees that bind never
# sends a query off this machine, even for names it does not know.
cat >"$BD/root.hints" <<'EOF'
.                 3600000 NS  root.testbed.invalid.
root.testbed.invalid. 3600000 A 127.0.0.1
EOF

cat >"$BD/named.conf" <<EOF
include "$BD/tsig.key";

options {
	directory "$BD";
	pid-file "$BD/named.pid";
	session-keyfile "$BD/session.key";
	managed-keys-directory "$BD";
	listen-on port $DNS_PORT { $DNS_ADDR; };
	listen-on-v6 { none; };
	allow-query { 127.0.0.0/8; };
	allow-transfer { none; };
	recursion yes;
	allow-recursion { 127.0.0.0/8; };
	// Everything not served here goes to PowerDNS (which refuses what it does
	// not own): no query ever leaves loopback.
	forward only;
	forwarders { $PDNS_ADDR port $PDNS_PORT; };
	dnssec-validation no;
	notify no;
	// Tests change pdns.test records and expect the next query through bind
	// to see them: do not cache forwarded answers, positive or negative.
	max-cache-ttl 0;
	max-ncache-ttl 0;
	max-cache-size 32m;
	querylog yes;
};

controls { };

zone "." { type hint; file "$BD/root.hints"; };

zone "$PDNS_ZONE" {
	type forward;
	forward only;
	forwarders { $PDNS_ADDR port $PDNS_PORT; };
};
EOF

for zone in "${BIND_ZONES[@]}"; do
  cat >>"$BD/named.conf" <<EOF

zone "$zone" {
	type primary;
	file "$BD/$zone.db";
	allow-update { key "$TSIG_NAME"; };
};
EOF
done

# SOA minimum 1 s: resolvers (and the code under test) barely cache NXDOMAIN.
cat >"$BD/certflow.test.db" <<'EOF'
$TTL 60
@               IN SOA ns1.certflow.test. hostmaster.certflow.test. 1 60 60 3600 1
@               IN NS  ns1.certflow.test.
ns1             IN A   127.0.0.1
@               IN A   127.0.0.11
www             IN A   127.0.0.11
api             IN A   127.0.0.11
host1           IN A   127.0.0.11
host2           IN A   127.0.0.12
host3           IN A   127.0.0.13
; CNAME delegation of the DNS-01 challenge into the challenges-only zone.
delegated       IN A   127.0.0.11
_acme-challenge.delegated IN CNAME delegated.challenges.test.
EOF
cat >"$BD/challenges.test.db" <<'EOF'
$TTL 60
@               IN SOA ns1.certflow.test. hostmaster.certflow.test. 1 60 60 3600 1
@               IN NS  ns1.certflow.test.
EOF

named-checkconf "$BD/named.conf" || { failed_service=named; exit 1; }

# ---- PowerDNS ------------------------------------------------------------------
PD=$STATE/pdns
cat >"$PD/pdns.conf" <<EOF
launch=gsqlite3
gsqlite3-database=$PD/pdns.sqlite3
local-address=$PDNS_ADDR
local-port=$PDNS_PORT
daemon=no
guardian=no
socket-dir=$PD
disable-syslog=yes
loglevel=4
api=yes
api-key=$PDNS_API_KEY
webserver=yes
webserver-address=$PDNS_ADDR
webserver-port=$PDNS_API_PORT
webserver-allow-from=127.0.0.0/8
# No caches: a record set through the API must be visible at once.
cache-ttl=0
query-cache-ttl=0
negquery-cache-ttl=0
default-soa-content=ns1.$PDNS_ZONE hostmaster.@ 0 60 60 3600 1
# No security-status poll: it would query the machine's resolver, off loopback.
security-poll-suffix=
EOF
schema=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
[[ -f $schema ]] || schema=/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql
sqlite3 "$PD/pdns.sqlite3" <"$schema"
cat >"$PD/$PDNS_ZONE.zone" <<EOF
\$ORIGIN $PDNS_ZONE.
\$TTL 60
@    IN SOA ns1.$PDNS_ZONE. hostmaster.$PDNS_ZONE. 1 60 60 3600 1
@    IN NS  ns1.$PDNS_ZONE.
ns1  IN A   127.0.0.1
www  IN A   127.0.0.12
EOF
pdnsutil --config-dir="$PD" load-zone "$PDNS_ZONE" "$PD/$PDNS_ZONE.zone" >>"$LOGDIR/pdns.log" 2>&1 ||
  { failed_service=pdns; exit 1; }

# ---- SSH client side -------------------------------------------------------------
SD=$STATE/ssh
ssh-keygen -q -t ed25519 -N '' -C certflow-testbed-client -f "$SD/id_ed25519"
cp "$SD/id_ed25519.pub" "$SD/authorized_keys"
# A host key that no host has: pinned for host3 in known_hosts.wrong.
ssh-keygen -q -t ed25519 -N '' -C certflow-testbed-wrong -f "$SD/wrong_host_key"
: >"$SD/known_hosts"
: >"$SD/known_hosts.wrong"

# ---- the three hosts ---------------------------------------------------------------
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

for i in "${!HOST_NAMES[@]}"; do
  host=${HOST_NAMES[$i]}
  addr=${HOST_ADDRS[$i]}
  H=$STATE/$host
  P=$H/pristine
  mkdir -p "$H/run/sshd" "$H/log" "$P/nginx/sites" "$P/nginx/conf.d"
  chmod 0755 "$H/run/sshd"
  : >"$H/run/utmp"

  ssh-keygen -q -t ed25519 -N '' -C "$host" -f "$H/ssh_host_ed25519_key"
  printf '%s %s\n' "$addr" "$(cut -d' ' -f1,2 "$H/ssh_host_ed25519_key.pub")" >>"$SD/known_hosts"
  if [[ $host == host3 ]]; then
    printf '%s %s\n' "$addr" "$(cut -d' ' -f1,2 "$SD/wrong_host_key.pub")" >>"$SD/known_hosts.wrong"
  else
    printf '%s %s\n' "$addr" "$(cut -d' ' -f1,2 "$H/ssh_host_ed25519_key.pub")" >>"$SD/known_hosts.wrong"
  fi

  # StrictModes no: the state folder may sit under a group/world-writable
  # parent (e.g. /tmp) where sshd would otherwise ignore authorized_keys.
  cat >"$H/sshd_config" <<EOF
ListenAddress $addr:$SSH_PORT
HostKey $H/ssh_host_ed25519_key
PidFile /run/sshd.pid
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile $SD/authorized_keys
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

  # /etc/ssl inside the host: a copy of the machine's (CA bundle and all) plus
  # certflow/ with this host's own placeholders; mounted over /etc/ssl.
  cp -a /etc/ssl "$H/etc-ssl"
  rm -rf "$H/etc-ssl/certflow"
  make_placeholder "$P/certflow/www" "$host" www certflow.test www.certflow.test
  make_placeholder "$P/certflow/api" "$host" api api.certflow.test

  # The host's /etc/nginx: self-contained; sites/ holds the two baseline TLS
  # sites, conf.d/ is for tests (emptied by reset-hosts.sh).
  cp /etc/nginx/mime.types "$P/nginx/mime.types"
  cat >"$P/nginx/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log notice;

events {
	worker_connections 256;
}

http {
	include /etc/nginx/mime.types;
	default_type text/plain;
	access_log /var/log/nginx/access.log;
	ssl_protocols TLSv1.2 TLSv1.3;
	# Every handshake shows the certificate nginx holds now.
	ssl_session_cache off;
	ssl_session_tickets off;

	include /etc/nginx/sites/*.conf;
	include /etc/nginx/conf.d/*.conf;
}
EOF
  cat >"$P/nginx/sites/www.conf" <<EOF
server {
	listen $addr:$HTTPS_PORT ssl default_server;
	server_name certflow.test www.certflow.test;
	ssl_certificate /etc/ssl/certflow/www/fullchain.pem;
	ssl_certificate_key /etc/ssl/certflow/www/privkey.pem;
	add_header X-Testbed-Host $host always;
	location / { return 200 "$host www\n"; }
}
EOF
  cat >"$P/nginx/sites/api.conf" <<EOF
server {
	listen $addr:$HTTPS_PORT ssl;
	server_name api.certflow.test;
	ssl_certificate /etc/ssl/certflow/api/fullchain.pem;
	ssl_certificate_key /etc/ssl/certflow/api/privkey.pem;
	add_header X-Testbed-Host $host always;
	location / { return 200 "$host api\n"; }
}
EOF
  cp -a "$P/certflow" "$H/etc-ssl/certflow"
  cp -a "$P/nginx" "$H/etc-nginx"
done

# ---- start everything ----------------------------------------------------------------
spawn named "$(exe_of named)" named -g -4 -c "$BD/named.conf"
spawn pdns "$(exe_of pdns_server)" pdns_server --config-dir="$PD"
# Deterministic main CA: no random nonce rejection, no validation sleeps, no
# authorization reuse. Never PEBBLE_VA_ALWAYS_VALID: DNS-01 must really be
# checked against bind. (PEBBLE_* from the caller's environment were dropped
# at the top of this script.)
PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
  spawn pebble "$(exe_of pebble)" pebble -config "$PB/pebble.json" -dnsserver "$DNS_ADDR:$DNS_PORT"
# Chaos CA for robustness tests: 30 % badNonce, random validation sleeps.
PEBBLE_WFE_NONCEREJECT=30 PEBBLE_AUTHZREUSE=0 \
  spawn pebble-chaos "$(exe_of pebble)" pebble -config "$PB/pebble-chaos.json" -dnsserver "$DNS_ADDR:$DNS_PORT"

for host in "${HOST_NAMES[@]}"; do
  H=$STATE/$host
  # Inside its own mount (and UTS) namespace each host sees its private
  # /etc/ssl, /etc/nginx, /run and /var/log/nginx at the usual paths, so that
  # plain "nginx -s reload" in an SSH session acts on this host's nginx. Its root
  # also gets a home of its own: a real server's root login does not run the
  # build machine's ~/.bashrc (here, a pyenv init that forks ~100 processes and
  # added ~100 ms to every SSH command).
  # nginx daemonises (binding :443 before it returns); the shell then becomes
  # sshd, so the recorded PID is sshd's and names the namespace for nsenter.
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
  ' host-ns "$H" "$host"
done

# ---- wait until each service does its job --------------------------------------------
pid_recorded() { [[ -s $PIDDIR/$1.pid ]]; }
for svc in "${SERVICES[@]}"; do
  wait_until "$svc" 10 pid_recorded "$svc"
done
# Hosts: until the recorded process has become sshd.
for host in "${HOST_NAMES[@]}"; do
  wait_until "$host" 10 pid_of "$host"
done

# bind answers queries a moment before it accepts updates: wait for a signed
# update of a throwaway TXT to be accepted, in each zone, then delete it.
nsupdate_probe() { # zone
  nsupdate -t 2 -k "$BD/tsig.key" <<EOF
server $DNS_ADDR $DNS_PORT
zone $1
update delete _testbed-probe.$1. TXT
update add _testbed-probe.$1. 5 TXT "probe"
send
update delete _testbed-probe.$1. TXT
send
EOF
}
for zone in "${BIND_ZONES[@]}"; do
  wait_until named 15 nsupdate_probe "$zone"
done

pdns_api_ready() {
  curl -fsS -m 2 -H "X-API-Key: $PDNS_API_KEY" \
    "http://$PDNS_ADDR:$PDNS_API_PORT/api/v1/servers/localhost/zones/$PDNS_ZONE."
}
wait_until pdns 15 pdns_api_ready
# pdns.test through bind's forward zone (what Pebble will use).
via_bind_soa() { dig +short +time=1 +tries=1 @"$DNS_ADDR" -p "$DNS_PORT" "$PDNS_ZONE" SOA | grep -q .; }
wait_until named 10 via_bind_soa

pebble_ready() { # port mgmt_port
  curl -fsS -m 2 --cacert "$PB/ca.pem" "https://$PEBBLE_ADDR:$1/dir" &&
    curl -fsS -m 2 --cacert "$PB/ca.pem" "https://$PEBBLE_ADDR:$2/roots/0"
}
wait_until pebble 15 pebble_ready "$PEBBLE_PORT" "$PEBBLE_MGMT_PORT"
wait_until pebble-chaos 15 pebble_ready "$PEBBLE_CHAOS_PORT" "$PEBBLE_CHAOS_MGMT_PORT"

ssh_login() { # addr
  ssh -F /dev/null -i "$SD/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$SD/known_hosts" \
    -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=2 -p "$SSH_PORT" "root@$1" true
}
tls_up() { # addr
  openssl s_client -connect "$1:$HTTPS_PORT" -servername www.certflow.test </dev/null 2>/dev/null |
    grep -q 'BEGIN CERTIFICATE'
}
# A login costs ~0.4 s of CPU on a small machine: check the hosts in parallel.
host_checks=()
for i in "${!HOST_NAMES[@]}"; do
  (wait_until "${HOST_NAMES[$i]}" 10 ssh_login "${HOST_ADDRS[$i]}" &&
    wait_until "${HOST_NAMES[$i]}" 10 tls_up "${HOST_ADDRS[$i]}") &
  host_checks+=("$!")
done
for i in "${!host_checks[@]}"; do
  wait "${host_checks[$i]}" || { failed_service=${HOST_NAMES[$i]}; exit 1; }
done

# Pull-mode agent hosts (issue 21), one script of their own.
for step in configure start ready; do
  bash "$TESTBED_HERE/services/agent-hosts.sh" "$step" || { failed_service=agent-hosts; exit 1; }
done

# ---- the env file: written last, its presence means "up" ----------------------------------
{
  echo "# certflow test bed, written by testbed/up.sh at $(date -u +%FT%TZ). KEY=value, no quotes."
  echo "TESTBED_DIR=$STATE"
  echo "PEBBLE_DIRECTORY=https://$PEBBLE_ADDR:$PEBBLE_PORT/dir"
  echo "PEBBLE_MGMT=https://$PEBBLE_ADDR:$PEBBLE_MGMT_PORT"
  echo "PEBBLE_ROOT_URL=https://$PEBBLE_ADDR:$PEBBLE_MGMT_PORT/roots/0"
  echo "PEBBLE_INTERMEDIATE_URL=https://$PEBBLE_ADDR:$PEBBLE_MGMT_PORT/intermediates/0"
  echo "PEBBLE_CHAOS_DIRECTORY=https://$PEBBLE_ADDR:$PEBBLE_CHAOS_PORT/dir"
  echo "PEBBLE_CHAOS_MGMT=https://$PEBBLE_ADDR:$PEBBLE_CHAOS_MGMT_PORT"
  echo "PEBBLE_CHAOS_ROOT_URL=https://$PEBBLE_ADDR:$PEBBLE_CHAOS_MGMT_PORT/roots/0"
  echo "PEBBLE_CHAOS_INTERMEDIATE_URL=https://$PEBBLE_ADDR:$PEBBLE_CHAOS_MGMT_PORT/intermediates/0"
  echo "PEBBLE_CHAOS_NONCE_REJECT_PERCENT=30"
  echo "PEBBLE_CA=$PB/ca.pem"
  # Pebble 2.4.0 does not look up CAA at all (no CAA code in its VA): there is
  # no identity to match, and a CAA record never blocks issuance here.
  echo "PEBBLE_CAA_CHECKED=false"
  echo "DNS_SERVER=$DNS_ADDR:$DNS_PORT"
  echo "DNS_HOST=$DNS_ADDR"
  echo "DNS_PORT=$DNS_PORT"
  echo "DNS_ZONES=$(IFS=,; echo "${BIND_ZONES[*]}")"
  echo "DNS_ZONE=${BIND_ZONES[0]}"
  echo "DNS_CHALLENGE_ZONE=${BIND_ZONES[1]}"
  echo "DNS_DELEGATED_NAME=delegated.${BIND_ZONES[0]}"
  echo "DNS_DELEGATED_TARGET=delegated.${BIND_ZONES[1]}"
  echo "TSIG_NAME=$TSIG_NAME"
  echo "TSIG_ALGORITHM=hmac-sha256"
  echo "TSIG_SECRET=$TSIG_SECRET"
  echo "TSIG_KEY_FILE=$BD/tsig.key"
  echo "PDNS_SERVER=$PDNS_ADDR:$PDNS_PORT"
  echo "PDNS_HOST=$PDNS_ADDR"
  echo "PDNS_PORT=$PDNS_PORT"
  echo "PDNS_API_URL=http://$PDNS_ADDR:$PDNS_API_PORT"
  echo "PDNS_API_KEY=$PDNS_API_KEY"
  echo "PDNS_SERVER_ID=localhost"
  echo "PDNS_ZONE=$PDNS_ZONE"
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
} >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"

started=1
t1=$(date +%s%N)
log "up in $(((t1 - t0) / 1000000)) ms; env: $ENV_FILE"
echo "testbed: started"
