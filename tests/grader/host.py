"""The host around one check: what a check may use, and what it must leave as it found it.

Every golden case is graded inside a `HostWatch`. It gives the check a world-readable folder
(like a user's home or an installed package, so only the sandbox stands between the candidate and
it), a private temporary folder, a world-writable canary folder and a canary secret in the
environment. Afterwards `leftovers()` says what the check left behind: processes it started
that still run, cgroups it created and did not remove, temporary files, changes to the canary.

To see every process a check started, even one that detached itself (double fork, setsid),
this process becomes a child subreaper while it watches: orphans are re-parented to it instead
of to init, so they stay its descendants. Other checks may run on this machine at the same time,
so nothing is judged by a machine-wide before/after listing: a cgroup counts as this check's
only if one of this process's descendants was seen in it.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PR_SET_CHILD_SUBREAPER = 36
EXIT_GRACE_SECONDS = 5.0
CGROUP_MOUNT = Path("/sys/fs/cgroup")


class HostWatch:
    def __init__(self, root: Path) -> None:
        self.root = root  # world-traversable; removed when the watch ends
        self.tmp = root / "tmp"  # the harness's temporary folders go here, and must be gone after
        self.canary = root / "canary"  # world-writable; nothing may change in it
        self.home = root / "home"  # LEVELUP_HOME: where levelup keeps its store
        self.secret = f"canary-{uuid.uuid4().hex}"
        for folder, mode in ((self.tmp, 0o755), (self.canary, 0o777), (self.home, 0o755)):
            folder.mkdir()
            folder.chmod(mode)
        (self.canary / "untouched.txt").write_text("the candidate's code must not change this folder\n")
        self._canary_before = _snapshot(self.canary)
        self._processes_before = _descendants()
        self.cgroups = CgroupRecorder()

    def leftovers(self) -> list[str]:
        """What the check left on the host, one line each; stray processes are killed."""
        self._wait_for_teardown()
        problems = [f"process {pid} outlived the check: {_command_line(pid)}" for pid in self._strays()]
        problems += [f"cgroup left behind: {path}" for path in self.cgroups.remaining()]
        problems += [f"temporary file left behind: {path}" for path in sorted(self.tmp.iterdir())]
        if _snapshot(self.canary) != self._canary_before:
            problems.append(f"the canary folder changed: {sorted(_snapshot(self.canary))}")
        self.kill_strays()
        return problems

    def kill_strays(self) -> None:
        for pid in self._strays():
            try:
                os.kill(pid, signal.SIGKILL)  # started by this check, found by pid: never a group
            except ProcessLookupError:
                pass
        self._reap_zombies()

    def _wait_for_teardown(self) -> None:
        """A killed sandbox takes a moment to go away: wait, a bounded time, until nothing is left."""
        deadline = time.monotonic() + EXIT_GRACE_SECONDS
        while (self._strays() or self.cgroups.remaining()) and time.monotonic() < deadline:
            time.sleep(0.02)

    def _strays(self) -> list[int]:
        """Running processes this check started, or that sit in (or name) its folders."""
        self._reap_zombies()
        candidates = (_descendants() - self._processes_before) | _processes_mentioning(str(self.root))
        return sorted(pid for pid in candidates if _state(pid) not in ("Z", None))

    def _reap_zombies(self) -> None:
        for pid in _descendants() - self._processes_before:
            if _state(pid) == "Z" and _parent(pid) == os.getpid():
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass


class CgroupRecorder:
    """Notes, every few milliseconds, the cgroups this process's descendants are in."""

    def __init__(self) -> None:
        self._existing = {Path(folder) for folder, _, _ in os.walk(CGROUP_MOUNT)}
        self._seen: set[Path] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._record, name="golden-cgroup-recorder", daemon=True)
        self._thread.start()

    def _record(self) -> None:
        while not self._stopped.wait(0.01):
            for pid in _children_tree(os.getpid()):
                folders = _cgroup_folders(pid) - self._existing
                with self._lock:
                    self._seen |= folders

    def remaining(self) -> list[Path]:
        with self._lock:
            return sorted(folder for folder in self._seen if folder.exists())

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()


@contextmanager
def watch_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostWatch]:
    root = Path(tempfile.mkdtemp(prefix="golden-host-", dir=tempfile.gettempdir()))
    root.chmod(0o755)
    _set_child_subreaper(True)
    try:
        host = HostWatch(root)
        monkeypatch.setattr(tempfile, "tempdir", str(host.tmp))
        monkeypatch.setenv("LEVELUP_HOME", str(host.home))
        monkeypatch.setenv("LEVELUP_CANARY", host.secret)
        monkeypatch.setenv("LEVELUP_GOLDEN_CANARY_DIR", str(host.canary))
        try:
            yield host
        finally:
            host.cgroups.stop()
            host.kill_strays()
    finally:
        _set_child_subreaper(False)
        shutil.rmtree(root, ignore_errors=True)


def _set_child_subreaper(on: bool) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def _snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {
        str(path.relative_to(folder)): (stat.st_size, stat.st_mtime_ns, stat.st_mode)
        for path in [folder, *folder.rglob("*")]
        for stat in [path.lstat()]
    }


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses


def _state(pid: int) -> str | None:
    fields = _stat_fields(pid)
    return fields[0] if fields else None


def _parent(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if fields else None


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _descendants() -> set[int]:
    children: dict[int, list[int]] = {}
    for pid in _all_pids():
        parent = _parent(pid)
        if parent is not None:
            children.setdefault(parent, []).append(pid)
    found: set[int] = set()
    stack = [os.getpid()]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _children_tree(pid: int) -> list[int]:
    """`pid`'s descendants, from the kernel's per-thread child lists (cheaper than all of /proc)."""
    found: list[int] = []
    stack = [pid]
    while stack:
        tasks = Path(f"/proc/{stack.pop()}/task")
        try:
            children = [
                int(child) for task in os.listdir(tasks) for child in (tasks / task / "children").read_text().split()
            ]
        except OSError:  # it ended meanwhile
            continue
        found += children
        stack += children
    return found


def _cgroup_folders(pid: int) -> set[Path]:
    """The folders under /sys/fs/cgroup of the cgroups `pid` is in (v1 hierarchies and v2)."""
    try:
        lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    except OSError:
        return set()
    folders = set()
    for line in lines:
        _, controllers, path = line.split(":", 2)
        hierarchy = controllers.removeprefix("name=") or "unified"
        folders.add(CGROUP_MOUNT / hierarchy / path.lstrip("/"))
    return folders


def _processes_mentioning(text: str) -> set[int]:
    """Processes whose command line or working folder names `text` (however they got there)."""
    found = set()
    for pid in _all_pids():
        if pid == os.getpid():
            continue
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            cwd = ""
        if text in cwd or text in _command_line(pid):
            found.add(pid)
    return found


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""
