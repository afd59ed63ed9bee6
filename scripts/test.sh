#!/usr/bin/env bash
# Installs levelup with its development tools and runs the whole suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
LEVELUP_EXTRAS="[dev]" bash scripts/install.sh
.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy src/levelup --exclude 'src/levelup/problems/bundled'
.venv/bin/python -m pytest -n "${LEVELUP_TEST_JOBS:-auto}" "$@"
