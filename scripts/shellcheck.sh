#!/usr/bin/env bash
# Runs shellcheck on every shell script in the repository: files ending in .sh and files without an
# extension whose first line is a sh/bash shebang (.ci/run). Sourced files (testbed/lib.sh) are
# followed from the scripts that source them.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t scripts < <(
  git ls-files | while read -r f; do
    case $f in
      *.sh) echo "$f" ;;
      */*.* | *.*) ;;
      *) head -n 1 "$f" 2>/dev/null | grep -qE '^#!.*\b(ba)?sh\b' && echo "$f" ;;
    esac
  done
)
shellcheck -x -P SCRIPTDIR "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts, no findings"
