#!/usr/bin/env bash
# The demo: on a fresh Debian machine, installs what is missing, brings the test bed up, runs the
# bundled Action through plan -> renew -> seal -> commit -> deploy -> verify against it, shows
# the result, runs again to show that nothing is due, shows the default mode (a pull request on the
# local GitHub API server: opened, pending while open, merged, deployed), and stops the bed if it
# started it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash testbed/install.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
started=0
if ! bash testbed/status.sh >/dev/null 2>&1; then
  bash testbed/up.sh
  started=1
fi
trap '[ "$started" = 1 ] && bash testbed/down.sh' EXIT
npx tsx scripts/demo.ts
