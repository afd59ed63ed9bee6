#!/usr/bin/env bash
# Installs levelup into ./.venv (and bubblewrap, the sandbox, where this machine allows it).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "levelup needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  exit 2
fi

if ! command -v bwrap >/dev/null 2>&1 || ! ldconfig -p 2>/dev/null | grep -q libseccomp.so.2; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing bubblewrap (the sandbox levelup runs your code in)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap libseccomp2) >/dev/null \
      || echo "WARNING: could not install bubblewrap; checks will run with reduced isolation" >&2
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && command -v apt-get >/dev/null 2>&1; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap libseccomp2) >/dev/null \
      || echo "WARNING: could not install bubblewrap; checks will run with reduced isolation" >&2
  else
    echo "WARNING: bubblewrap is not installed (apt-get install bubblewrap); practice checks will warn," \
         "exam mode will refuse to grade" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e ".${LEVELUP_EXTRAS:-}"
# Compile levelup's own modules now: with PYTHONDONTWRITEBYTECODE set (as on CI machines) Python
# would otherwise recompile them on every command. Problem packages are left alone.
.venv/bin/python -m compileall -q -x '/bundled/' src/levelup >/dev/null || true
if [ "$(id -u)" = 0 ]; then
  # as root, the sandbox runs candidate code as `nobody` on the system Python: give it packages
  .venv/bin/levelup doctor --setup >/dev/null 2>&1 || true
fi
echo "levelup installed in $PWD/.venv ($(.venv/bin/levelup doctor >/dev/null 2>&1 && echo 'every sandbox layer active' || echo 'run .venv/bin/levelup doctor: some sandbox layers are missing'))"
echo "Next, type: source $PWD/.venv/bin/activate && levelup start in-memory-db --dir ~/levelup/in-memory-db"
