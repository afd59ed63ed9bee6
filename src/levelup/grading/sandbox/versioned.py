"""Machine-wide folders that several levelup processes (and versions) share: one folder per
content hash, written once, read-only afterwards, never replaced, swept only when unused.

A folder is filled in a private temporary sibling and renamed into place; a rename onto an
existing folder fails, so a folder that exists is complete and never changes. Every process that
uses a folder holds a shared `flock` on it for as long as it lives; a sweep removes a folder only
when it is old and it can take an exclusive lock without waiting, and it renames the folder out of
the way before deleting it, so a process that finds the folder by name either holds it first or
sees that it is gone and makes it again.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from levelup.grading.sandbox.legacy_layout import sweep_unversioned_layout

SWEEP_AFTER_SECONDS = 14 * 24 * 3600  # unused this long (and unlocked): removed by the next sweep
STAGING_ABANDONED_SECONDS = 24 * 3600  # a private staging folder this old belongs to a dead process
VERSIONED_PREFIXES = ("site-", "worker-")  # folder names this module makes: prefix + content hash
_held: dict[str, int] = {}  # folder -> descriptor holding its shared lock (for this process's life)


class VersionedFolderError(OSError):
    pass


def versioned_folder(base: Path, name: str, fill: Callable[[Path], None]) -> Path:
    """`base/name` (name carries the content hash), made with `fill` if missing, locked shared for
    this process's lifetime. `fill` writes into an empty private folder."""
    target = base / name
    if str(target) in _held:
        return target
    for _ in range(5):
        if not target.is_dir():
            _create(base, name, fill)
        if _hold(target):
            return target
    raise VersionedFolderError(f"{target} keeps disappearing while levelup tries to use it")


def make_dirs(folder: Path) -> None:
    """Create `folder` and its missing parents with mode 0755; folders that exist are left as
    they are (their permissions belong to whoever made them)."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue
        os.chmod(path, 0o755)


def sweep(base: Path, keep: set[str], max_age_seconds: float = SWEEP_AFTER_SECONDS) -> list[str]:
    """Remove version folders in `base` unused for `max_age_seconds` that no process holds,
    abandoned staging folders, and the unversioned layout of older levelups once it is idle
    (`legacy_layout.py`). Returns the names removed."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        entries = []  # no version folder yet: an older layout beside it may still be there
    now = time.time()
    for entry in entries:
        if entry.name in keep or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if entry.name.startswith(".") and entry.name.endswith(".staging"):
            if age > STAGING_ABANDONED_SECONDS:
                remove_tree(Path(entry.path))
                removed.append(entry.name)
            continue
        if not entry.name.startswith(VERSIONED_PREFIXES) or age <= max_age_seconds:
            continue  # not a version folder (the older layout is swept below) or used recently
        if _remove_if_unused(base, entry.name):
            removed.append(entry.name)
    return removed + sweep_unversioned_layout(base, max_age_seconds)


def remove_tree(root: Path) -> None:
    """Delete a tree this module made read-only (restoring write access on its own folders first,
    never following symlinks)."""
    if root.is_symlink() or not root.is_dir():
        root.unlink(missing_ok=True)
        return
    for folder, _, _ in os.walk(root, followlinks=False):
        try:
            if stat.S_ISDIR(os.lstat(folder).st_mode):
                os.chmod(folder, 0o700)
        except OSError:
            pass
    shutil.rmtree(root, ignore_errors=True)


def make_read_only(root: Path) -> None:
    """Folders 0555, files 0444 (0555 if executable), everything world-readable; symlinks are
    neither followed nor changed. Only for trees this process has just written."""
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(folder, d))]:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                os.chmod(path, 0o555 if mode & 0o111 else 0o444)
    for folder, _, _ in os.walk(root, topdown=False, followlinks=False):
        if not os.path.islink(folder):
            os.chmod(folder, 0o555)


def _create(base: Path, name: str, fill: Callable[[Path], None]) -> None:
    make_dirs(base)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".staging", dir=base))
    try:
        fill(staging)
        make_read_only(staging)
        try:
            os.rename(staging, base / name)  # never replaces: fails if another process got there first
        except OSError:
            if not (base / name).is_dir():
                raise
    finally:
        if staging.exists():
            remove_tree(staging)
    sweep(base, keep={name})  # a new version just arrived: a good moment to clear unused old ones


def _hold(target: Path) -> bool:
    """Take a shared lock on `target` and keep it; False if the folder was swept meanwhile."""
    try:
        fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        now_there = os.stat(target)
        held = os.fstat(fd)
        if (now_there.st_dev, now_there.st_ino) != (held.st_dev, held.st_ino):
            os.close(fd)
            return False
    except FileNotFoundError:
        os.close(fd)
        return False
    try:
        os.utime(fd)  # "last used", what the sweep goes by
    except OSError:
        pass  # someone else's folder: it is still usable
    _held[str(target)] = fd
    return True


def _remove_if_unused(base: Path, name: str) -> bool:
    try:
        fd = os.open(base / name, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # a process is using it
        trash = base / f".{name}.{os.getpid()}.staging"
        try:
            os.rename(base / name, trash)  # out of sight first: nobody can start using it now
        except OSError:
            return False
    finally:
        os.close(fd)
    remove_tree(trash)
    return True
