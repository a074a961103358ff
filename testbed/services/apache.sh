#!/usr/bin/env bash
# Test bed service "apache": an SSH host at 127.0.0.32 whose Apache (Debian's apache2, event MPM,
# mod_ssl) serves www.apache.certflow.test on 127.0.0.32:443 from /etc/ssl/certflow/www/
# {fullchain,privkey}.pem. `apache2ctl configtest` validates, `apache2ctl graceful` reloads.
# /etc/apache2/conf.d/*.conf is for tests (a broken one there makes configtest fail).
# Usage: testbed/services/apache.sh configure|start|ready|stop
set -euo pipefail
# shellcheck source=../kind-host.sh
source "$(dirname "${BASH_SOURCE[0]}")/../kind-host.sh"

ADDR=127.0.0.32

apache_configure() {
  local H=$STATE/apache M=/usr/lib/apache2/modules
  kind_configure apache "$ADDR"
  kind_placeholder apache www apache www.apache.certflow.test
  mkdir -p "$H/etc-apache2/conf.d" "$H/htdocs"
  echo "apache www" >"$H/htdocs/index.html"
  # apache2ctl sources envvars; the paths are the host's own (/run and the log folder are mounts).
  cat >"$H/etc-apache2/envvars" <<'CONF'
unset HOME
export APACHE_RUN_USER=www-data
export APACHE_RUN_GROUP=www-data
export APACHE_PID_FILE=/run/apache2/apache2.pid
export APACHE_RUN_DIR=/run/apache2
export APACHE_LOCK_DIR=/run/lock/apache2
export APACHE_LOG_DIR=/var/log/apache2
export LANG=C
CONF
  cat >"$H/etc-apache2/apache2.conf" <<CONF
ServerRoot /etc/apache2
ServerName apache.certflow.test
PidFile \${APACHE_PID_FILE}
Mutex file:\${APACHE_LOCK_DIR} default
User \${APACHE_RUN_USER}
Group \${APACHE_RUN_GROUP}
ErrorLog \${APACHE_LOG_DIR}/error.log
LogLevel warn
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule mime_module $M/mod_mime.so
LoadModule dir_module $M/mod_dir.so
LoadModule socache_shmcb_module $M/mod_socache_shmcb.so
LoadModule ssl_module $M/mod_ssl.so
TypesConfig /etc/mime.types
DocumentRoot $H/htdocs
<Directory $H/htdocs>
	Require all granted
	AllowOverride None
</Directory>
Listen $ADDR:443
# Every handshake shows the certificate Apache holds now.
SSLSessionCache none
SSLSessionTickets off
<VirtualHost $ADDR:443>
	ServerName www.apache.certflow.test
	SSLEngine on
	SSLCertificateFile /etc/ssl/certflow/www/fullchain.pem
	SSLCertificateKeyFile /etc/ssl/certflow/www/privkey.pem
</VirtualHost>
IncludeOptional /etc/apache2/conf.d/*.conf
CONF
  kind_mount "$H/etc-apache2" /etc/apache2
  kind_mount "$H/log" /var/log/apache2
  cat >"$H/boot.sh" <<'BOOT'
mkdir -p /run/lock
apache2ctl start
BOOT
}

apache_tls() {
  openssl s_client -connect "$ADDR:443" -servername www.apache.certflow.test </dev/null 2>/dev/null |
    grep -q 'BEGIN CERTIFICATE'
}
apache_ready() { wait_until apache 15 apache_tls; }
apache_env() {
  kind_env apache "$ADDR" "HTTPS_PORT=443" "SITE=www" "SERVERNAME=www.apache.certflow.test" \
    "VALIDATE=apache2ctl configtest" "RELOAD=apache2ctl graceful" "CONF_DIR=$STATE/apache/etc-apache2/conf.d"
}

kind_main apache "$ADDR" "${1:-}"
