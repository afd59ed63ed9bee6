"""The cgroup layer (cgroup v1 controllers, as root): memory, process count and CPU quota per
worker, and a way to kill everything the worker started.

The worker is placed in its groups by a tiny shell wrapper before bubblewrap starts, so nothing
it forks can escape the limits.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "pids", "cpu")
PARENT = "levelup"


class CgroupsUnavailable(Exception):
    pass


def unavailable_reason() -> str | None:
    """None when per-worker cgroups can be made here, else why not."""
    if os.geteuid() != 0:
        return "needs root to create cgroups"
    for controller in CONTROLLERS:
        folder = CGROUP_ROOT / controller
        if not (folder / "cgroup.procs").exists():
            return f"the cgroup v1 '{controller}' controller is not mounted at {folder}"
        if not os.access(folder, os.W_OK):
            return f"{folder} is not writable"
    return None


@dataclass
class WorkerCgroups:
    folders: dict[str, Path]

    @classmethod
    def create(cls, memory_mb: int, max_processes: int, cpu_cores: float, owner_uid: int | None) -> WorkerCgroups:
        reason = unavailable_reason()
        if reason:
            raise CgroupsUnavailable(reason)
        _remove_abandoned_groups()
        name = f"worker-{uuid.uuid4().hex[:12]}"
        folders: dict[str, Path] = {}
        try:
            for controller in CONTROLLERS:
                folder = CGROUP_ROOT / controller / PARENT / name
                folder.mkdir(parents=True)
                folders[controller] = folder
                if owner_uid is not None:  # lets the wrapper, already unprivileged, move itself in
                    os.chown(folder / "cgroup.procs", owner_uid, -1)
            (folders["memory"] / "memory.limit_in_bytes").write_text(str(memory_mb * 2**20))
            (folders["pids"] / "pids.max").write_text(str(max_processes))
            period = 100_000
            (folders["cpu"] / "cpu.cfs_period_us").write_text(str(period))
            (folders["cpu"] / "cpu.cfs_quota_us").write_text(str(int(period * cpu_cores)))
        except OSError as exc:
            cls(folders).remove()
            raise CgroupsUnavailable(f"could not set up cgroups ({exc})") from None
        return cls(folders)

    def wrapper(self) -> list[str]:
        """argv prefix that joins these groups, then execs the rest of the command line."""
        script = 'for g in "$1" "$2" "$3"; do echo $$ > "$g/cgroup.procs" || exit 125; done; shift 3; exec "$@"'
        return ["/bin/sh", "-c", script, "levelup-cgroup", *(str(self.folders[c]) for c in CONTROLLERS)]

    def ran_out_of_memory(self) -> bool:
        try:
            control = (self.folders["memory"] / "memory.oom_control").read_text()
            for line in control.splitlines():
                if line.startswith("oom_kill ") and int(line.split()[1]) > 0:
                    return True
            return int((self.folders["memory"] / "memory.failcnt").read_text()) > 0 and "under_oom 1" in control
        except (OSError, ValueError, KeyError):
            return False

    def hit_process_limit(self) -> bool:
        try:
            events = (self.folders["pids"] / "pids.events").read_text()
            return any(line.startswith("max ") and int(line.split()[1]) > 0 for line in events.splitlines())
        except (OSError, ValueError, KeyError):
            return False

    def kill_all(self) -> None:
        folder = self.folders.get("pids")
        if folder is None:
            return
        for _ in range(20):
            try:
                pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
            except OSError:
                return
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def remove(self) -> None:
        for controller, folder in list(self.folders.items()):
            try:
                folder.rmdir()
            except FileNotFoundError:
                del self.folders[controller]
            except OSError:
                pass  # processes still exiting; the caller retries
            else:
                del self.folders[controller]


def _remove_abandoned_groups(older_than_seconds: float = 600) -> None:
    """Groups left by a harness that was killed before it could clean up: empty ones go."""
    now = time.time()
    for controller in CONTROLLERS:
        parent = CGROUP_ROOT / controller / PARENT
        try:
            folders = list(parent.glob("worker-*"))
        except OSError:
            continue
        for folder in folders:
            try:
                if (
                    now - folder.stat().st_mtime > older_than_seconds
                    and not (folder / "cgroup.procs").read_text().strip()
                ):
                    folder.rmdir()
            except OSError:
                continue
