"""Start the worker inside bubblewrap when it is available, else as a limited plain process."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from levelup.grading.boundary.connection import LaunchedWorker
from levelup.grading.errors import SandboxUnavailable

SANDBOX_CODE_DIR = "/candidate"
SANDBOX_RUNTIME_DIR = "/levelup-runtime"
# The files the worker needs; nothing else of levelup (problems, hidden tests) is made visible.
_WORKER_FILES = (
    "__init__.py",
    "grading/__init__.py",
    "grading/boundary/__init__.py",
    "grading/boundary/codec.py",
    "grading/boundary/protocol.py",
    "grading/boundary/worker.py",
)
_BOOT = "import sys; sys.path.insert(0, sys.argv.pop(1)); from levelup.grading.boundary.worker import main; main()"


@dataclass(frozen=True)
class SandboxLimits:
    memory_mb: int = 1024
    cpu_seconds: int = 300
    file_size_mb: int = 16
    open_files: int = 256
    tmp_size_mb: int = 64


@dataclass(frozen=True)
class Layer:
    name: str
    active: bool
    detail: str


@lru_cache(maxsize=1)
def _bwrap_path() -> str | None:
    path = shutil.which("bwrap")
    if path is None:
        return None
    probe = subprocess.run(
        [path, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"],
        capture_output=True,
        timeout=10,
    )
    return path if probe.returncode == 0 else None


def describe_layers() -> list[Layer]:
    bwrap = shutil.which("bwrap")
    working = _bwrap_path()
    if working:
        fs = Layer("filesystem", True, f"bubblewrap ({working}): read-only Python, private /tmp, code copy only")
        net = Layer("network", True, "bubblewrap: own network namespace with no interfaces")
        pid = Layer("processes", True, "bubblewrap: own pid namespace, killed with the check")
    else:
        why = (
            "bubblewrap is not installed (apt-get install bubblewrap)"
            if bwrap is None
            else ("bubblewrap is installed but cannot create namespaces here")
        )
        fs = Layer("filesystem", False, why + "; your code could read files such as hidden tests")
        net = Layer("network", False, why)
        pid = Layer("processes", False, why + "; processes are put in their own session and killed")
    limits = Layer("resources", True, "rlimits: address space, CPU time, file size, open files")
    return [fs, net, pid, limits]


def _runtime_dir() -> Path:
    """A world-readable copy of just the worker's modules, made once per levelup version."""
    import levelup

    source = Path(levelup.__file__).parent
    target = Path(
        os.environ.get("LEVELUP_RUNTIME_DIR") or (Path(sysconfig.get_path("purelib")).parent / "levelup-worker-runtime")
    )
    stamp = target / "levelup" / ".stamp"
    signature = json.dumps([levelup.__version__, [os.stat(source / f).st_mtime_ns for f in _WORKER_FILES]])
    if stamp.exists() and stamp.read_text() == signature:
        return target
    staging = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    for relative in _WORKER_FILES:
        destination = staging / "levelup" / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)
    (staging / "levelup" / ".stamp").write_text(signature)
    shutil.rmtree(target, ignore_errors=True)
    try:
        os.replace(staging, target)
    except OSError:  # another process won the race; use its copy
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _python_dirs() -> list[str]:
    """Directories the interpreter and its installed packages live in."""
    import levelup

    levelup_dir = str(Path(levelup.__file__).resolve().parent)
    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(sys.executable).resolve().parent.parent)}
    candidates.update(p for p in sys.path if p and os.path.isdir(p))
    dirs = sorted({os.path.realpath(p) for p in candidates}, key=len)
    kept: list[str] = []
    for directory in dirs:
        if directory in ("/", "/tmp") or directory.startswith(("/tmp/", "/proc", "/dev")):
            continue
        if any(directory == k or directory.startswith(k + os.sep) for k in kept):
            continue
        if levelup_dir == directory or levelup_dir.startswith(directory + os.sep) and "site-packages" not in directory:
            continue  # a source checkout: it holds the bundled problems, never expose it
        kept.append(directory)
    return kept


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


def launch_worker(code_dir: Path, limits: SandboxLimits, *, require_isolation: bool) -> LaunchedWorker:
    """Start a worker serving the candidate's code in `code_dir`, as confined as this machine allows."""
    runtime = _runtime_dir()
    parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    out_read, out_write = os.pipe()
    bwrap = _bwrap_path()
    if bwrap is None and require_isolation:
        parent_sock.close()
        child_sock.close()
        os.close(out_read)
        os.close(out_write)
        raise SandboxUnavailable(
            "exam mode needs the bubblewrap sandbox, which is not working on this machine: "
            "install it with `sudo apt-get install bubblewrap` and run `levelup doctor`"
        )
    python = sys.executable  # a venv interpreter: its pyvenv.cfg puts the venv on sys.path
    fd = child_sock.fileno()
    if bwrap:
        code_in_box, runtime_in_box = SANDBOX_CODE_DIR, SANDBOX_RUNTIME_DIR
        command = [bwrap, *_bwrap_arguments(code_dir, runtime, limits), "--", python]
    else:
        code_in_box, runtime_in_box = str(code_dir), str(runtime)
        command = [python]
    command += ["-s", "-B", "-P", "-c", _BOOT, runtime_in_box, str(fd), code_in_box, _limits_json(limits)]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=out_write,
            stderr=out_write,
            pass_fds=(fd,),
            cwd=str(code_dir),
            env=_worker_env(),
            start_new_session=True,
        )
    finally:
        child_sock.close()
        os.close(out_write)
    return LaunchedWorker(process, parent_sock, out_read)


def _bwrap_arguments(code_dir: Path, runtime: Path, limits: SandboxLimits) -> list[str]:
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
    for system_dir in ("/usr", "/lib", "/lib64", "/bin", "/sbin"):
        if os.path.islink(system_dir):
            args += ["--symlink", os.readlink(system_dir), system_dir]
        elif os.path.isdir(system_dir):
            args += ["--ro-bind", system_dir, system_dir]
    for directory in _python_dirs():
        if not directory.startswith(("/usr/", "/lib", "/bin", "/sbin")):
            args += ["--ro-bind", directory, directory]
    args += _masks_for_levelup()
    args += ["--ro-bind", str(runtime), SANDBOX_RUNTIME_DIR]
    args += ["--ro-bind", str(code_dir), SANDBOX_CODE_DIR, "--chdir", SANDBOX_CODE_DIR]
    return args


def _masks_for_levelup() -> list[str]:
    """An installed levelup sits in site-packages, which the worker needs: hide levelup's own folder."""
    import levelup

    levelup_dir = os.path.realpath(Path(levelup.__file__).parent)
    bound = _python_dirs()
    if any(levelup_dir.startswith(d + os.sep) for d in bound):
        return ["--tmpfs", levelup_dir]
    return []
