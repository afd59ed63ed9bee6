"""The unversioned layout levelup used before one folder per content hash, removed by the sweep.

Until the versioned folders (`versioned.py`), levelup kept:
- in the runtime folder (LEVELUP_SANDBOX_RUNTIME, /var/lib/levelup/sandbox-runtime by default):
  `stamp.json` (`{"levelup": version, "packages": {...}}`), `site/` (the packages) and `worker/`
  (the worker modules), and next to it `sandbox-runtime.new/` while `doctor --setup` ran;
- in the cache folder: `worker/` (the worker modules), and `worker.tmp<pid>/` while it was copied.
A worker-modules copy is recognised by its `levelup/.stamp` (a JSON list: version, file mtimes
and, later, a format number); `site/` only next to a recognised `stamp.json`. Nothing without
these markers is touched, symlinks are never followed (a symlink in place of any of these is left
alone), and nothing goes while any process has a file under it open, mapped or as its folder, or
while it was used (or changed) within the sweep's age. A folder is renamed out of sight before it
is deleted, as the versioned sweep does.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import stat
import time
from pathlib import Path

RUNTIME_STAMP = "stamp.json"
WORKER_STAMP = Path("levelup") / ".stamp"
_WORKER_STAGING = re.compile(r"worker\.tmp\d+")


def sweep_unversioned_layout(base: Path, max_age_seconds: float) -> list[str]:
    """Remove the old layout that belonged where versioned folders now live in `base` (the runtime
    folder or the cache's `worker-modules`). Returns the paths removed, relative to base's parent."""
    stamp = base / RUNTIME_STAMP
    old_runtime = _is_runtime_stamp(stamp)
    folders = [base / "site"] if old_runtime and _is_real_folder(base / "site") else []
    interrupted_setup = base.with_name(base.name + ".new")
    if _is_real_folder(interrupted_setup) and _is_runtime_stamp(interrupted_setup / RUNTIME_STAMP):
        folders.append(interrupted_setup)
    # worker-module copies (and copies cut short) in the runtime folder, and in the cache beside
    # `worker-modules`; each is recognised by its own stamp
    for place in (base, base.parent) if base.name == "worker-modules" else (base,):
        try:
            names = [p for p in place.iterdir() if p.name == "worker" or _WORKER_STAGING.fullmatch(p.name)]
        except OSError:
            names = []
        folders += [p for p in names if p not in folders and _is_worker_copy(p)]
    markers = [stamp] if old_runtime else []
    if not folders and not markers:
        return []
    now = time.time()
    if any(now - _last_used(p) <= max_age_seconds for p in folders + markers) or _in_use(folders):
        return []  # an older install may still grade from it: it goes once all of it is idle
    removed: list[str] = []
    if markers:  # first: without its stamp an older install stops launching workers from here
        stamp.unlink(missing_ok=True)
        removed.append(str(stamp.relative_to(base.parent)))
    removed += [str(p.relative_to(base.parent)) for p in folders if _remove_folder(p)]
    return removed


def _is_real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_marker(path: Path) -> object:
    """The JSON in a regular file (never through a symlink), or None. Read without touching its
    access time where allowed: that time tells whether an older install still uses the folder."""
    flags = os.O_RDONLY | os.O_NOFOLLOW
    try:
        try:
            fd = os.open(path, flags | os.O_NOATIME)
        except PermissionError:  # O_NOATIME needs the file's owner (or root)
            fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return json.loads(os.read(fd, 64 * 1024))
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def _is_runtime_stamp(path: Path) -> bool:
    marker = _read_marker(path)
    return isinstance(marker, dict) and set(marker) == {"levelup", "packages"}


def _is_worker_copy(path: Path) -> bool:
    if not (_is_real_folder(path) and _is_real_folder(path / "levelup")):
        return False
    marker = _read_marker(path / WORKER_STAMP)
    return isinstance(marker, list) and 2 <= len(marker) <= 3 and isinstance(marker[0], str)


def _last_used(path: Path) -> float:
    """When anything under `path` was last changed, or a file in it read (folders count by their
    change time only: listing them, as this sweep does, sets their access time). No symlink is
    followed."""
    try:
        info = os.lstat(path)
    except OSError:
        return 0.0
    if not stat.S_ISDIR(info.st_mode):
        return max(info.st_atime, info.st_mtime)
    newest = info.st_mtime
    for folder, dirnames, filenames in os.walk(path, followlinks=False):
        for name in dirnames + filenames:
            try:
                entry = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            used = entry.st_atime if stat.S_ISREG(entry.st_mode) else 0.0
            newest = max(newest, used, entry.st_mtime)
    return newest


def _in_use(folders: list[Path]) -> bool:
    """Does any process have a file under `folders` open or mapped, or one of them as its working or
    root folder? Root sees every process; another user sees its own, the only ones that can use its
    cache."""
    prefixes = tuple(str(folder) + os.sep for folder in folders)
    roots = {str(folder) for folder in folders}

    def under(target: str) -> bool:
        return target in roots or target.startswith(prefixes)

    for pid in (entry for entry in os.listdir("/proc") if entry.isdigit()):
        process = f"/proc/{pid}"
        try:
            links = [os.readlink(f"{process}/{name}") for name in ("cwd", "root")]
            links += [os.readlink(f"{process}/fd/{fd}") for fd in os.listdir(f"{process}/fd")]
            with open(f"{process}/maps") as maps:
                links += [line.split(maxsplit=5)[-1].strip() for line in maps if line.count(" ") >= 5]
        except OSError:
            continue  # it ended meanwhile, or it is another user's
        if any(under(link) for link in links):
            return True
    return False


def _remove_folder(path: Path) -> bool:
    from levelup.grading.sandbox.versioned import remove_tree

    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # another sweep is at it
        trash = path.with_name(f".{path.name}.{os.getpid()}.staging")
        try:
            os.rename(path, trash)
        except OSError:
            return False
    finally:
        os.close(fd)
    remove_tree(trash)
    return True
