#!/usr/bin/env bash
# Installs levelup with its development tools and runs the whole suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
LEVELUP_EXTRAS="[dev]" bash scripts/install.sh
# The browser tests drive Debian's Chromium (Playwright's own browser download is not reachable).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
if command -v npm >/dev/null 2>&1; then
  bash scripts/build_frontend.sh --check
fi
.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy src/levelup --exclude 'src/levelup/problems/bundled'
.venv/bin/python -m pytest -n "${LEVELUP_TEST_JOBS:-auto}" "$@"
