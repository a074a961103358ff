#!/usr/bin/env bash
# Installs what is missing (Debian packages of the test bed, npm packages) and runs every test:
# unit tests, then integration and end-to-end tests against the local test bed (started once,
# stopped afterwards unless it was already running).
set -euo pipefail
cd "$(dirname "$0")/.."
bash testbed/install.sh
# npm ci only when the installed tree is not the locked one (saves a minute on reruns).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/node24.sh >/dev/null || echo "Node 24 not available: the bundle is tested on $(node --version) only"
npx vitest run --reporter=default --reporter=./test/support/count-reporter.ts "$@"
