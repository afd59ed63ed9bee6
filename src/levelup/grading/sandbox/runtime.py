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
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from levelup.grading.sandbox.versioned import make_dirs, sweep, versioned_folder

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
DEFAULT_RUNTIME_ROOT = "/var/lib/levelup/sandbox-runtime"
_WORKER_COPY_FORMAT = 3  # 3: one read-only folder per content hash
_SITE_FORMAT = 1


@dataclass(frozen=True)
class Runtime:
    python: str  # interpreter path (as seen inside the sandbox: same path bound read-only)
    site_dirs: tuple[str, ...]  # extra sys.path entries for the worker (empty: the venv provides them)
    bind_dirs: tuple[str, ...]  # host folders to bind read-only so the interpreter and packages work
    worker_modules: Path  # folder holding levelup/grading/boundary/worker.py and friends
    uid: int | None  # drop to this uid/gid before starting (None: stay as we are)


def runtime_root() -> Path:
    """Where the unprivileged runtime's versioned folders live (machine-wide, shared by every
    levelup install; LEVELUP_SANDBOX_RUNTIME moves it)."""
    return Path(os.environ.get("LEVELUP_SANDBOX_RUNTIME") or DEFAULT_RUNTIME_ROOT)


def _system_python() -> str | None:
    candidate = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    return candidate if os.access(candidate, os.X_OK) else None


def _package_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in WORKER_PACKAGES}


@lru_cache(maxsize=1)
def site_folder_name() -> str:
    """The unprivileged runtime's package folder for these package versions and this Python
    (installed versions do not change while levelup runs; metadata look-ups are slow)."""
    key = {"format": _SITE_FORMAT, "python": sys.version_info[:2], "packages": _package_versions()}
    return "site-" + _digest(json.dumps(key, sort_keys=True).encode())


@lru_cache(maxsize=1)
def worker_folder_name() -> str:
    """The worker modules' folder for exactly these files, this levelup and this interpreter."""
    import levelup

    source = Path(levelup.__file__).parent
    hasher = hashlib.sha256(json.dumps([_WORKER_COPY_FORMAT, levelup.__version__, sys.version]).encode())
    for relative in WORKER_FILES:
        hasher.update(relative.encode() + b"\0" + (source / relative).read_bytes() + b"\0")
    return "worker-" + hasher.hexdigest()[:24]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


def unprivileged_runtime_problem() -> str | None:
    """None when the unprivileged runtime is ready, else what is missing."""
    if os.geteuid() != 0:
        return "levelup is not running as root, so there is no other uid to drop to (already unprivileged)"
    if _system_python() is None:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        return f"no system Python {version} in /usr/bin for the unprivileged worker"
    root = runtime_root()
    if not (root / site_folder_name()).is_dir():
        return f"the unprivileged runtime for these package versions is missing in {root}: run `levelup doctor --setup`"
    blocked = _unreachable_parent(root)
    if blocked is not None:
        return (
            f"{root} is inside {blocked}, which the unprivileged worker cannot enter; "
            "set LEVELUP_SANDBOX_RUNTIME elsewhere"
        )
    return None


def _unreachable_parent(folder: Path) -> Path | None:
    """The first folder on the way to `folder` that other users cannot traverse, if any."""
    for parent in (*reversed(folder.parents), folder):
        try:
            if not os.stat(parent).st_mode & 0o001:
                return parent
        except OSError:
            return parent
    return None


def prepare_unprivileged_runtime() -> str:
    """Create the world-readable package folder for the unprivileged worker, if this version's is
    missing. Permissions change only inside the folders made here; nothing is followed through
    symlinks and folders of other versions are never replaced (old unused ones are swept)."""
    if os.geteuid() != 0:
        return "not root: the worker runs as your own user; nothing to set up"
    if _system_python() is None:
        return "no matching system Python in /usr/bin: the worker will run on levelup's own interpreter"
    root = runtime_root()
    make_dirs(root)
    requirements = [f"{name}=={version}" for name, version in _package_versions().items()]

    def install(staging: Path) -> None:
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(staging)]
        subprocess.run([*command, *requirements], check=True)

    site = versioned_folder(root, site_folder_name(), install)
    versioned_folder(root, worker_folder_name(), _copy_worker_modules)
    removed = sweep(root, keep={site_folder_name(), worker_folder_name()})
    blocked = _unreachable_parent(root)
    if blocked is not None:
        return (
            f"unprivileged runtime written to {site}, but {blocked} keeps other users out: "
            "move LEVELUP_SANDBOX_RUNTIME"
        )
    swept = f" (removed {len(removed)} unused older versions)" if removed else ""
    return f"unprivileged runtime ready in {site}{swept}"


def current_runtime() -> Runtime:
    if unprivileged_runtime_problem() is None:
        python = _system_python()
        assert python is not None
        root = runtime_root()
        site = versioned_folder(root, site_folder_name(), _refuse_to_install)
        modules = versioned_folder(root, worker_folder_name(), _copy_worker_modules)
        return Runtime(python, (str(site),), (), modules, NOBODY_UID)
    from levelup.settings import cache_dir

    modules = versioned_folder(cache_dir() / "worker-modules", worker_folder_name(), _copy_worker_modules)
    return Runtime(sys.executable, (), tuple(_python_dirs()), modules, None)


def _refuse_to_install(staging: Path) -> None:
    raise FileNotFoundError("the unprivileged runtime vanished: run `levelup doctor --setup`")


def _copy_worker_modules(staging: Path) -> None:
    """Just the worker's modules: nothing else of levelup (problems, hidden tests)."""
    import levelup

    source = Path(levelup.__file__).parent
    for relative in WORKER_FILES:
        destination = staging / "levelup" / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)
    # compiled once here: the worker runs with bytecode writing off and would compile them per launch
    compileall.compile_dir(staging, quiet=2)


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
