"""What the shell and the daemon agree on: the socket's place, who may use it, and the messages.

The socket lives in a private folder (0700, owned by the user): `$XDG_RUNTIME_DIR/levelup` where
the session has one, else the data folder's `run/`. Its name carries a key of the levelup install
and the data folder (home, database URL, user), so two checkouts or two data folders on one
machine each have their own daemon. A client and a daemon then compare an identity digest (the
key plus levelup's version, its code, the Python, and every setting from the environment): any
difference and the client grades on its own.

One connection carries one request and one reply, each a line of JSON:
  {"op": "check", "identity": D, "folder": PATH}  ->  {"outcome": ...} | {"error": {...}} | {"mismatch": {...}}
  {"op": "status"}                                ->  {"status": {...}}
  {"op": "stop"}                                  ->  {"stopping": true} | {"error": {...}}

Import-light on purpose: `levelup check` imports this before it knows whether it needs the store.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import stat
import struct
import sys
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import levelup
from levelup.daemon.errors import DaemonUnavailable
from levelup.settings import Settings

if TYPE_CHECKING:  # loaded when a reply arrives: the request goes out first
    from levelup.attempts.views import CheckOutcome

# settings that steer the daemon itself, not the checks it grades
CONTROL_ENVIRONMENT = ("LEVELUP_NO_DAEMON", "LEVELUP_DAEMON_IDLE_MINUTES", "LEVELUP_DEBUG")
OTHER_ENVIRONMENT = ("XDG_CACHE_HOME",)  # where compiled test files and the worker's modules are cached
MAX_LINE_BYTES = 256 << 20  # a reply holds every test's (capped) output
SOCKET_PATH_LIMIT = 107  # sun_path holds 108 bytes, the last a NUL


@dataclass(frozen=True)
class Place:
    folder: Path
    key: str

    @property
    def socket(self) -> Path:
        return self.folder / f"daemon-{self.key}.sock"

    @property
    def lock(self) -> Path:
        return self.folder / f"daemon-{self.key}.lock"

    @property
    def log(self) -> Path:
        return self.folder / f"daemon-{self.key}.log"


def place(settings: Settings) -> Place:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(runtime) / "levelup" if runtime and os.path.isabs(runtime) else settings.home / "run"
    return Place(folder, install_key(settings))


def install_key(settings: Settings) -> str:
    """Which levelup install serves which data folder, for which user."""
    parts = [os.path.dirname(levelup.__file__), str(settings.home), settings.database_url, settings.user]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def identity(settings: Settings) -> str:
    """A digest of everything that must be equal for the daemon to grade as this process would."""
    environment = sorted(
        (name, value)
        for name, value in os.environ.items()
        if (name.startswith("LEVELUP_") and name not in CONTROL_ENVIRONMENT) or name in OTHER_ENVIRONMENT
    )
    settings_fields = {k: v for k, v in asdict(settings).items() if k not in ("use_daemon", "daemon_idle_minutes")}
    parts = {
        "key": install_key(settings),
        "version": levelup.__version__,
        "code": code_fingerprint(),
        "python": [sys.executable, sys.version],
        "settings": settings_fields,
        "environment": environment,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def code_fingerprint() -> str:
    """levelup's own modules, by name, size and modification time: an edited or upgraded install
    is another version, whatever its version number says (about a millisecond)."""
    root = os.path.dirname(levelup.__file__)
    entries = []
    folders = [root]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in ("bundled", "__pycache__", "questions", "static", "templates", "frontend"):
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    entries.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


# -- the private folder and the socket --------------------------------------------------------
def private_folder(folder: Path, create: bool) -> Path:
    """`folder`, made if asked (0700), provided it is a real folder of this user that nobody else
    can enter: otherwise another local user could plant a socket there and fake the results."""
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        info = os.lstat(folder)
    except OSError as exc:
        raise DaemonUnavailable(f"{folder}: {exc.strerror}") from None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise DaemonUnavailable(f"{folder} is not a folder of this user")
    if info.st_mode & 0o077:
        if not create:
            raise DaemonUnavailable(f"{folder} can be entered by other users")
        os.chmod(folder, 0o700)
    return folder


def connect(path: Path, timeout: float | None = None) -> socket.socket:
    """A connection to the daemon listening at `path`, after checking it runs as this user
    (`timeout`: for connecting and every later exchange; None: wait as long as it takes)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
    try:
        sock.settimeout(timeout)
        _at_address(path, sock.connect)
        if peer_uid(sock) != os.getuid():
            raise DaemonUnavailable(f"the process listening at {path} runs as another user")
    except BaseException:
        sock.close()
        raise
    return sock


def listen(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM | socket.SOCK_CLOEXEC)
    try:
        _at_address(path, sock.bind)
        os.chmod(path, 0o600)
        sock.listen(16)
    except BaseException:
        sock.close()
        raise
    return sock


def _at_address(path: Path, use: Any) -> None:
    """Bind or connect to `path`; a path too long for a socket address is reached through its
    folder's descriptor (Linux), so a long data folder path still works."""
    if len(os.fsencode(path)) <= SOCKET_PATH_LIMIT:
        use(str(path))
        return
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        use(f"/proc/self/fd/{folder}/{path.name}")
    finally:
        os.close(folder)


def peer_uid(sock: socket.socket) -> int:
    """The user id of the process at the other end of a Unix socket (SO_PEERCRED)."""
    credentials = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid


def refusal(peer: int, own: int) -> str | None:
    """Why a peer may not use this daemon (None: it may). The daemon grades, and records, only for
    the user it runs as: anyone else's request is refused whatever it asks."""
    if peer != own:
        return f"this levelup daemon grades only for user id {own}, not for user id {peer}"
    return None


# -- messages ---------------------------------------------------------------------------------
def send(stream: io.BufferedIOBase, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message).encode() + b"\n")
    stream.flush()


def receive(stream: io.BufferedIOBase) -> dict[str, Any]:
    line = stream.readline(MAX_LINE_BYTES + 1)
    if not line.endswith(b"\n"):
        raise EOFError("the connection ended before a whole message arrived")
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("a message must be a JSON object")
    return message


def encode_outcome(outcome: CheckOutcome) -> dict[str, Any]:
    """A check's outcome, whole: the shell rebuilds it and renders it as if it had graded it."""
    data = asdict(outcome)
    data["attempt"]["started_at"] = outcome.attempt.started_at.isoformat()
    return data


def decode_outcome(data: dict[str, Any]) -> CheckOutcome:
    from levelup.attempts.views import AttemptView, CheckOutcome, LevelView
    from levelup.grading.results import CheckResult, TestResult

    attempt = dict(data["attempt"])
    attempt["started_at"] = datetime.fromisoformat(attempt["started_at"])
    attempt["levels"] = [LevelView(**level) for level in attempt["levels"]]
    result = dict(data["result"])
    result["tests"] = tuple(TestResult(**test) for test in result["tests"])
    result["levels"] = tuple(result["levels"])
    result["warnings"] = tuple(result["warnings"])
    return CheckOutcome(**{**data, "attempt": AttemptView(**attempt), "result": CheckResult(**result)})
