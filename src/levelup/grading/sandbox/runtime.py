"""What the worker runs on: an interpreter and packages it can read, plus levelup's worker modules.

Two shapes:
- *shared*: the worker uses this process's own interpreter and venv (bound read-only into the
  sandbox) and runs as the current user. Always possible.
- *unprivileged*: when levelup runs as root, the worker runs as `nobody` on the system Python
  (/usr/bin/python3.X) with a world-readable package folder made by `levelup doctor --setup`
  (the install script runs it). Root's own Python usually lives under /root (mode 0700), which
  an unprivileged uid cannot read.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

WORKER_FILES = (
    "__init__.py",
    "grading/__init__.py",
    "grading/boundary/__init__.py",
    "grading/boundary/codec.py",
    "grading/boundary/mailbox.py",
    "grading/boundary/protocol.py",
    "grading/boundary/worker.py",
)
# What candidate code may import besides the standard library: numpy for the ML problems, and
# pytest (with its dependencies) because solutions written next to tests sometimes import it.
WORKER_PACKAGES = ("msgpack", "numpy", "pytest", "pluggy", "iniconfig", "packaging")
NOBODY_UID = 65534
SHARED_RUNTIME_ROOT = Path(os.environ.get("LEVELUP_SANDBOX_RUNTIME", "/var/lib/levelup/sandbox-runtime"))


@dataclass(frozen=True)
class Runtime:
    python: str  # interpreter path (as seen inside the sandbox: same path bound read-only)
    site_dirs: tuple[str, ...]  # extra sys.path entries for the worker (empty: the venv provides them)
    bind_dirs: tuple[str, ...]  # host folders to bind read-only so the interpreter and packages work
    worker_modules: Path  # folder holding levelup/grading/boundary/worker.py and friends
    uid: int | None  # drop to this uid/gid before starting (None: stay as we are)


def _system_python() -> str | None:
    candidate = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    return candidate if os.access(candidate, os.X_OK) else None


def _package_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in WORKER_PACKAGES}


@lru_cache(maxsize=1)
def _stamp() -> str:  # installed versions do not change while levelup runs; metadata look-ups are slow
    import levelup

    return json.dumps({"levelup": levelup.__version__, "packages": _package_versions()}, sort_keys=True)


def unprivileged_runtime_problem() -> str | None:
    """None when the unprivileged runtime is ready, else what is missing."""
    if os.geteuid() != 0:
        return "levelup is not running as root, so there is no other uid to drop to (already unprivileged)"
    if _system_python() is None:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        return f"no system Python {version} in /usr/bin for the unprivileged worker"
    stamp = SHARED_RUNTIME_ROOT / "stamp.json"
    if not stamp.is_file() or stamp.read_text() != _stamp():
        return f"the unprivileged runtime in {SHARED_RUNTIME_ROOT} is missing or stale: run `levelup doctor --setup`"
    return None


def prepare_unprivileged_runtime() -> str:
    """Create (or refresh) the world-readable package folder for the unprivileged worker."""
    if os.geteuid() != 0:
        return "not root: the worker runs as your own user; nothing to set up"
    if _system_python() is None:
        return "no matching system Python in /usr/bin: the worker will run on levelup's own interpreter"
    site = SHARED_RUNTIME_ROOT / "site"
    staging = SHARED_RUNTIME_ROOT.with_name(SHARED_RUNTIME_ROOT.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "site").mkdir(parents=True)
    requirements = [f"{name}=={version}" for name, version in _package_versions().items()]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(staging / "site"),
            *requirements,
        ],
        check=True,
    )
    (staging / "stamp.json").write_text(_stamp())
    _make_world_readable(staging)
    shutil.rmtree(SHARED_RUNTIME_ROOT, ignore_errors=True)
    SHARED_RUNTIME_ROOT.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, SHARED_RUNTIME_ROOT)
    _make_world_readable(SHARED_RUNTIME_ROOT.parent)
    return f"unprivileged runtime ready in {site}"


def current_runtime() -> Runtime:
    if unprivileged_runtime_problem() is None:
        python = _system_python()
        assert python is not None
        modules = _worker_modules(SHARED_RUNTIME_ROOT / "worker")
        return Runtime(python, (str(SHARED_RUNTIME_ROOT / "site"),), (), modules, NOBODY_UID)
    from levelup.settings import cache_dir

    return Runtime(sys.executable, (), tuple(_python_dirs()), _worker_modules(cache_dir() / "worker"), None)


_WORKER_COPY_FORMAT = 2  # 2: the copy holds compiled modules


def _worker_modules(target: Path) -> Path:
    """A copy of just the worker's modules: nothing else of levelup (problems, hidden tests)."""
    import levelup

    source = Path(levelup.__file__).parent
    mtimes = [os.stat(source / f).st_mtime_ns for f in WORKER_FILES]
    signature = json.dumps([levelup.__version__, mtimes, _WORKER_COPY_FORMAT])
    stamp = target / "levelup" / ".stamp"
    if stamp.exists() and stamp.read_text() == signature:
        return target
    staging = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    for relative in WORKER_FILES:
        destination = staging / "levelup" / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)
    (staging / "levelup" / ".stamp").write_text(signature)
    # compiled once here: the worker runs with bytecode writing off and would compile them per launch
    compileall.compile_dir(staging, quiet=2)
    _make_world_readable(staging)
    shutil.rmtree(target, ignore_errors=True)
    try:
        os.replace(staging, target)
    except OSError:  # another process won the race; use its copy
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _make_world_readable(root: Path) -> None:
    for folder, _, names in os.walk(root):
        os.chmod(folder, 0o755)
        for name in names:
            os.chmod(os.path.join(folder, name), 0o644)


def _python_dirs() -> list[str]:
    """Folders this interpreter and its installed packages live in, minus levelup's own source."""
    import levelup

    levelup_dir = str(Path(levelup.__file__).resolve().parent)
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(sys.executable).resolve().parent.parent)}
    candidates.update(p for p in sys.path if p and os.path.isdir(p))
    kept: list[str] = []
    for directory in sorted({os.path.realpath(p) for p in candidates}, key=len):
        if directory in ("/", "/tmp") or directory.startswith(("/proc", "/dev", "/usr", "/lib", "/bin")):
            continue  # a venv under /tmp is fine: it is bound on top of the sandbox's private /tmp
        if any(directory == k or directory.startswith(k + os.sep) for k in kept):
            continue
        if levelup_dir.startswith(directory + os.sep) and "site-packages" not in directory:
            continue  # a source checkout: it holds the bundled problems, never expose it
        kept.append(directory)
    return kept


def levelup_package_dir() -> str:
    import levelup

    return os.path.realpath(Path(levelup.__file__).parent)
