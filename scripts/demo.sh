#!/usr/bin/env bash
# The demo. For now: install what is missing, bring the test bed up, show it is healthy, stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash testbed/install.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
started=0
if ! bash testbed/status.sh >/dev/null 2>&1; then bash testbed/up.sh; started=1; fi
trap '[ "$started" = 1 ] && bash testbed/down.sh' EXIT
bash testbed/status.sh
