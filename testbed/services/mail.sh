#!/usr/bin/env bash
# Test bed service "mail": an SSH host at 127.0.0.33 with the guide's mail stack, all on one
# certificate, /etc/ssl/certflow/mail/{fullchain,privkey}.pem (mail.certflow.test):
#   Postfix  SMTP with STARTTLS on 127.0.0.33:25      validate `postfix check`, reload `postfix reload`
#   Dovecot  IMAP (STARTTLS) :143, IMAPS :993,        validate `doveconf -n`,   reload `doveadm reload`
#            POP3 (STARTTLS) :110, POP3S :995
#   nginx    HTTPS :443 (webmail)                     validate `nginx -t`,      reload `nginx -s reload`
# Each reads its own /etc/<daemon> (bind mounts), so the plain commands above act on this host.
# Usage: testbed/services/mail.sh configure|start|ready|stop
set -euo pipefail
# shellcheck source=../kind-host.sh
source "$(dirname "${BASH_SOURCE[0]}")/../kind-host.sh"

ADDR=127.0.0.33
CERT=/etc/ssl/certflow/mail

mail_configure() {
  local H=$STATE/mail
  kind_configure mail "$ADDR"
  kind_placeholder mail mail mail mail.certflow.test

  # ---- Postfix: Debian's /etc/postfix with our main.cf and a master.cf without chroot.
  cp -a /etc/postfix "$H/etc-postfix"
  mkdir -p "$H/postfix-spool" "$H/postfix-lib"
  chown postfix:postfix "$H/postfix-lib"
  cat >"$H/etc-postfix/main.cf" <<CONF
compatibility_level = 3.6
myhostname = mail.certflow.test
mydestination = mail.certflow.test, localhost
# Postfix refuses an inet_interfaces address that no interface holds (127.0.0.33 is only inside
# lo's /8): smtpd binds its address through its master.cf name instead.
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
smtpd_banner = \$myhostname ESMTP certflow testbed
maillog_file = $H/log/postfix.log
maillog_file_prefixes = $STATE
smtpd_tls_chain_files = $CERT/privkey.pem, $CERT/fullchain.pem
smtpd_tls_security_level = may
smtpd_tls_session_cache_database =
smtpd_tls_received_header = yes
CONF
  cat >"$H/etc-postfix/master.cf" <<CONF
$ADDR:25 inet n     -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
  kind_mount "$H/etc-postfix" /etc/postfix
  kind_mount "$H/postfix-spool" /var/spool/postfix
  kind_mount "$H/postfix-lib" /var/lib/postfix

  # ---- Dovecot: a config of its own (no logins needed: only the TLS side is tested).
  mkdir -p "$H/etc-dovecot/conf.d" "$H/dovecot-state"
  : >"$H/etc-dovecot/users"
  cat >"$H/etc-dovecot/dovecot.conf" <<CONF
protocols = imap pop3
listen = $ADDR
base_dir = /run/dovecot
log_path = $H/log/dovecot.log
ssl = yes
ssl_cert = <$CERT/fullchain.pem
ssl_key = <$CERT/privkey.pem
ssl_dh = </usr/share/dovecot/dh.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = /etc/dovecot/users
}
userdb {
  driver = passwd-file
  args = /etc/dovecot/users
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
# For tests (a broken file here makes doveconf fail).
!include_try /etc/dovecot/conf.d/*.conf
CONF
  kind_mount "$H/etc-dovecot" /etc/dovecot
  kind_mount "$H/dovecot-state" /var/lib/dovecot

  # ---- nginx: the webmail site on the same certificate.
  mkdir -p "$H/etc-nginx/conf.d"
  cp /etc/nginx/mime.types "$H/etc-nginx/mime.types"
  cat >"$H/etc-nginx/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log notice;
events {
	worker_connections 64;
}
http {
	include /etc/nginx/mime.types;
	access_log /var/log/nginx/access.log;
	ssl_session_cache off;
	ssl_session_tickets off;
	server {
		listen $ADDR:443 ssl default_server;
		server_name mail.certflow.test;
		ssl_certificate $CERT/fullchain.pem;
		ssl_certificate_key $CERT/privkey.pem;
		location / { return 200 "mail webmail\n"; }
	}
	include /etc/nginx/conf.d/*.conf;
}
CONF
  kind_mount "$H/etc-nginx" /etc/nginx
  kind_mount "$H/log" /var/log/nginx

  cat >"$H/boot.sh" <<'BOOT'
set -e
postfix check
postfix start
dovecot
nginx
BOOT
}

mail_tls() { # port starttls-protocol(or empty)
  openssl s_client -connect "$ADDR:$1" -servername mail.certflow.test ${2:+-starttls "$2"} </dev/null 2>/dev/null |
    grep -q 'BEGIN CERTIFICATE'
}
mail_ready() {
  wait_until mail 20 mail_tls 25 smtp && wait_until mail 20 mail_tls 143 imap &&
    wait_until mail 20 mail_tls 993 && wait_until mail 20 mail_tls 110 pop3 && wait_until mail 20 mail_tls 443
}
mail_env() {
  kind_env mail "$ADDR" "SITE=mail" "SERVERNAME=mail.certflow.test" "HTTPS_PORT=443" "SMTP_PORT=25" \
    "IMAP_PORT=143" "IMAPS_PORT=993" "POP3_PORT=110" "POP3S_PORT=995" \
    "DOVECOT_CONF_DIR=$STATE/mail/etc-dovecot/conf.d" "NGINX_CONF_DIR=$STATE/mail/etc-nginx/conf.d"
}

kind_main mail "$ADDR" "${1:-}"
