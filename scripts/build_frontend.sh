#!/usr/bin/env bash
# Rebuilds the browser app's editor bundle (src/levelup/web/static/editor.bundle.js) from
# src/levelup/web/frontend with npm and esbuild. `--check` rebuilds and fails if the committed
# bundle differs from what its sources and lock file produce (CI runs that).
set -euo pipefail
cd "$(dirname "$0")/../src/levelup/web/frontend"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
npm run --silent build >/dev/null
if [ "${1:-}" = "--check" ]; then
  if ! git diff --quiet -- ../static/editor.bundle.js; then
    echo "the committed editor bundle does not match its sources: run scripts/build_frontend.sh and commit it" >&2
    exit 1
  fi
  echo "editor bundle matches its sources"
fi
