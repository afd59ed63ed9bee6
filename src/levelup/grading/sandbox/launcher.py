"""Start a worker as confined as this machine allows, and say which layers that was."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from levelup.grading.boundary import mailbox
from levelup.grading.boundary.connection import LaunchedWorker
from levelup.grading.errors import SandboxUnavailable
from levelup.grading.sandbox import cgroups, seccomp
from levelup.grading.sandbox.runtime import Runtime, current_runtime, levelup_package_dir, unprivileged_runtime_problem

SANDBOX_CODE_DIR = "/candidate"
SANDBOX_RUNTIME_DIR = "/levelup-runtime"
# Layers exam mode cannot do without.
REQUIRED_FOR_EXAMS = ("filesystem", "network", "resources")
_BOOT = (
    "import sys; sys.path[:0] = sys.argv.pop(1).split(':'); from levelup.grading.boundary.worker import main; main()"
)


@dataclass(frozen=True)
class SandboxLimits:
    memory_mb: int = 1024
    cpu_seconds: int = 300
    file_size_mb: int = 16
    open_files: int = 256
    tmp_size_mb: int = 64
    max_processes: int = 256  # threads count too
    cpu_cores: float = 1.0


@dataclass(frozen=True)
class Layer:
    name: str
    active: bool
    detail: str


@lru_cache(maxsize=1)
def _bwrap_problem() -> str | None:
    path = shutil.which("bwrap")
    if path is None:
        return "bubblewrap is not installed (apt-get install bubblewrap)"
    probe = subprocess.run(
        [path, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"], capture_output=True, timeout=10
    )
    if probe.returncode != 0:
        return f"bubblewrap cannot create namespaces here: {probe.stderr.decode(errors='replace').strip()[:200]}"
    return None


@lru_cache(maxsize=1)
def _seccomp_problem() -> str | None:
    try:
        seccomp.compiled_filter()
    except seccomp.SeccompUnavailable as exc:
        return str(exc)
    return None


def describe_layers() -> list[Layer]:
    bwrap = _bwrap_problem()
    runtime_problem = unprivileged_runtime_problem()
    cgroup_problem = cgroups.unavailable_reason()
    seccomp_problem = _seccomp_problem() if bwrap is None else "needs bubblewrap to install it"
    leak = "; your code could read files such as hidden tests" if bwrap else ""
    user_detail = f"runs as uid {65534} (nobody) on the system Python" if runtime_problem is None else runtime_problem
    user_active = runtime_problem is None or os.geteuid() != 0
    return [
        Layer(
            "filesystem",
            bwrap is None,
            bwrap or "bubblewrap: read-only Python, private 64 MiB /tmp, a copy of the code only" + leak,
        ),
        Layer("network", bwrap is None, bwrap or "bubblewrap: own network namespace with no interfaces"),
        Layer("processes", bwrap is None, bwrap or "bubblewrap: own pid namespace; everything dies with the check"),
        Layer("user", user_active, user_detail if os.geteuid() == 0 else "runs as your own (unprivileged) user"),
        Layer(
            "seccomp",
            seccomp_problem is None,
            seccomp_problem or "denies ptrace, mount, bpf, keyctl, perf, namespaces, non-UNIX sockets",
        ),
        Layer(
            "cgroups", cgroup_problem is None, cgroup_problem or "memory, process-count and CPU-quota limits per worker"
        ),
        Layer("resources", True, "rlimits: address space, CPU time, file size, open files; output capped"),
    ]


def missing_layers() -> list[Layer]:
    return [layer for layer in describe_layers() if not layer.active]


def require_exam_layers() -> None:
    """Raise SandboxUnavailable unless the layers exam mode cannot do without are active."""
    missing = [layer for layer in missing_layers() if layer.name in REQUIRED_FOR_EXAMS]
    if missing:
        reasons = "; ".join(f"{layer.name}: {layer.detail}" for layer in missing)
        raise SandboxUnavailable(
            f"exam mode refuses to grade without its sandbox ({reasons}). Install bubblewrap "
            "(`sudo apt-get install bubblewrap`), then check with `levelup doctor`."
        )


def launch_worker(
    code_dir: Path,
    limits: SandboxLimits,
    *,
    require_isolation: bool,
    libraries: Sequence[str] = (),
    modules: Sequence[str] = (),
) -> LaunchedWorker:
    """Start a worker serving the candidate's code in `code_dir`, as confined as this machine allows.
    Before it serves, the worker imports `libraries` and then the candidate's `modules`."""
    bwrap_problem = _bwrap_problem()
    if require_isolation:
        require_exam_layers()
    runtime = current_runtime()
    groups = _cgroups_for(limits, runtime)
    parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    parent_concurrent, child_concurrent = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    shared_memory, parent_bell, child_bell = None, None, None
    if mailbox.available():
        shared_memory = mailbox.create_shared_memory()
        parent_bell, child_bell = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    out_read, out_write = os.pipe()
    ready_read, ready_write = os.pipe()  # the worker writes one byte just before it imports candidate code
    os.set_blocking(ready_read, False)
    passed = [child_sock.fileno(), child_concurrent.fileno()]
    if shared_memory is not None and child_bell is not None:
        passed += [shared_memory, child_bell.fileno()]
    channels = ",".join(str(fd) for fd in passed)  # sequential, concurrent[, shared memory, bell]
    passed.append(ready_write)
    seccomp_fd = None
    if bwrap_problem is None:
        code_in_box, modules_in_box = SANDBOX_CODE_DIR, SANDBOX_RUNTIME_DIR
        command = [shutil.which("bwrap") or "bwrap", *_bwrap_arguments(code_dir, runtime, limits)]
        if _seccomp_problem() is None:
            seccomp_fd = seccomp.filter_fd()
            passed.append(seccomp_fd)
            command += ["--seccomp", str(seccomp_fd)]
        command.append("--")
    else:
        code_in_box, modules_in_box, command = str(code_dir), str(runtime.worker_modules), []
    if groups is not None:
        command = groups.wrapper() + command
    python_path = ":".join((modules_in_box, *runtime.site_dirs))
    command += [runtime.python, "-s", "-B", "-P", "-c", _BOOT, python_path, channels, code_in_box]
    ahead = {"libraries": list(libraries), "modules": list(modules), "ready_fd": ready_write}
    command += [_limits_json(limits), json.dumps(ahead)]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out_write,
            stderr=out_write,
            pass_fds=passed,
            cwd=str(code_dir),
            env=_worker_env(),
            start_new_session=True,
            user=runtime.uid,
            group=runtime.uid,
            extra_groups=[] if runtime.uid is not None else None,
        )
        box = None
        if shared_memory is not None and parent_bell is not None:
            box = mailbox.Mailbox(
                shared_memory,
                parent_bell,
                parent_sock,
                harness=True,
                await_exit=lambda: _wait_for_exit(process, EXIT_GRACE_SECONDS),
            )
    except BaseException:
        if groups is not None:
            groups.remove()
        for sock in (parent_sock, parent_concurrent, parent_bell):
            if sock is not None:
                sock.close()
        os.close(out_read)
        os.close(ready_read)
        raise
    finally:
        for sock in (child_sock, child_concurrent, child_bell):
            if sock is not None:
                sock.close()
        for fd in (out_write, ready_write, seccomp_fd, shared_memory):
            if fd is not None:
                os.close(fd)
    return SandboxedWorker(process, parent_sock, parent_concurrent, out_read, groups, box, ready_fd=ready_read)


class SandboxedWorker(LaunchedWorker):
    """A launched worker that can tell whether it got as far as the candidate's code. A worker that
    ends before that failed because of levelup or this machine, never because of the candidate."""

    def __init__(self, *args: Any, ready_fd: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ready_fd: int | None = ready_fd
        self._reached_candidate_code = False

    def reached_candidate_code(self) -> bool:
        if not self._reached_candidate_code and self._ready_fd is not None:
            try:
                self._reached_candidate_code = os.read(self._ready_fd, 1) == b"R"
            except BlockingIOError:
                pass  # not yet (or never: the pipe stays empty)
        return self._reached_candidate_code

    def close_sockets(self) -> None:
        self.reached_candidate_code()  # read before the pipe goes: the answer is kept
        super().close_sockets()
        if self._ready_fd is not None:
            os.close(self._ready_fd)
            self._ready_fd = None


EXIT_GRACE_SECONDS = 1.0  # how long a worker that hung up may take to end


def _wait_for_exit(process: subprocess.Popen[bytes], seconds: float) -> None:
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass


def _cgroups_for(limits: SandboxLimits, runtime: Runtime) -> cgroups.WorkerCgroups | None:
    try:
        # headroom over the rlimit so MemoryError (clear) usually comes before the OOM killer
        return cgroups.WorkerCgroups.create(limits.memory_mb + 256, limits.max_processes, limits.cpu_cores, runtime.uid)
    except cgroups.CgroupsUnavailable:
        return None


def _worker_env() -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": "/tmp",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def _limits_json(limits: SandboxLimits) -> str:
    return json.dumps(
        {
            "memory_bytes": limits.memory_mb * 2**20,
            "cpu_seconds": limits.cpu_seconds,
            "file_size_bytes": limits.file_size_mb * 2**20,
            "open_files": limits.open_files,
        }
    )


def _bwrap_arguments(code_dir: Path, runtime: Runtime, limits: SandboxLimits) -> list[str]:
    args = [
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--hostname",
        "levelup",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(limits.tmp_size_mb * 2**20),
        "--tmpfs",
        "/tmp",
    ]
    if runtime.uid is not None:
        args += ["--unshare-user", "--disable-userns"]
    for system_dir in ("/usr", "/lib", "/lib64", "/bin", "/sbin"):
        if os.path.islink(system_dir):
            args += ["--symlink", os.readlink(system_dir), system_dir]
        elif os.path.isdir(system_dir):
            args += ["--ro-bind", system_dir, system_dir]
    for directory in (*runtime.bind_dirs, *runtime.site_dirs):
        args += ["--ro-bind", directory, directory]
    levelup_dir = levelup_package_dir()
    bound = (*runtime.bind_dirs, *runtime.site_dirs, "/usr", "/lib", "/lib64", "/bin", "/sbin")
    if any(levelup_dir.startswith(d + os.sep) for d in bound):
        args += ["--tmpfs", levelup_dir]  # an installed levelup (bundled problems!) sits in a bound folder
    args += ["--ro-bind", str(runtime.worker_modules), SANDBOX_RUNTIME_DIR]
    args += ["--ro-bind", str(code_dir), SANDBOX_CODE_DIR, "--chdir", SANDBOX_CODE_DIR]
    return args
