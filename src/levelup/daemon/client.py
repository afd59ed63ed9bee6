"""The shell's side of the hand-off: `levelup check` asks a running daemon (or `levelup serve`) to
grade, and gets back the check's whole outcome, which the command renders exactly as if it had
graded the check itself.

Cheap to import (no SQLAlchemy, no pytest): that is the point of handing off. When no daemon can
take the check, `check` returns None and the command grades in its own process; afterwards
`start_in_background` starts a daemon for the next check. Set LEVELUP_DEBUG=1 to see why a check
was not handed off.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from levelup.daemon.errors import DaemonUnavailable, HandedOffError
from levelup.daemon.protocol import (
    Place,
    connect,
    decode_outcome,
    identity,
    place,
    private_folder,
    receive,
    send,
)
from levelup.grading.errors import GradingFault
from levelup.settings import Settings

if TYPE_CHECKING:
    from levelup.attempts.views import CheckOutcome


@dataclass
class Attempted:
    """What the last hand-off found, so the command knows whether to start a daemon afterwards."""

    reachable: bool = False  # a daemon answered (it may still have refused the check)
    stale_version: bool = False  # it was this install's daemon for this data folder, but of other code
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Connection:
    folder: Path
    settings: Settings
    sock: Any
    stream: Any
    sent: bool

    def close(self) -> None:
        self.stream.close()
        self.sock.close()


_begun: tuple[Path, _Connection | None] | None = None  # tried early, by the entry point
last = Attempted()


def begin(folder: Path, send: bool = True) -> bool:
    """Connect to the daemon now, before the command-line face loads, and (`send`) ask it to check
    `folder` at once, so it grades while the shell loads the rest. True when a daemon answered the
    connection (the command collects the outcome with `check`); False: the command grades itself."""
    global _begun
    connection = _connect(Settings.from_environment(), folder)
    if connection is not None and send and not _send_check(connection):
        connection = None
    _begun = (folder, connection)
    return connection is not None


def check(folder: Path) -> CheckOutcome | None:
    """The outcome of checking `folder` through the daemon, or None when no daemon could grade it
    (the command then grades on its own). A domain error the daemon met is raised as
    `HandedOffError` with the same message, a grading fault as `GradingFault`."""
    global _begun
    begun, _begun = _begun, None
    if begun is not None and begun[0] == folder:
        connection = begun[1]
    else:
        if begun is not None and begun[1] is not None:
            begun[1].close()
        connection = _connect(Settings.from_environment(), folder)
    if connection is None or not (connection.sent or _send_check(connection)):
        return None
    stream, settings = connection.stream, connection.settings
    try:
        reply = receive(stream)  # Ctrl-C here closes the connection: the daemon stops grading, records nothing
    except (OSError, EOFError, ValueError) as exc:
        _unavailable(f"the daemon stopped answering ({exc})")
        return None
    finally:
        connection.close()
    if "outcome" in reply:
        try:
            return decode_outcome(reply["outcome"])
        except (KeyError, TypeError, ValueError) as exc:
            _unavailable(f"the daemon's reply could not be read ({exc})")
            return None
    if "mismatch" in reply:
        last.stale_version = reply["mismatch"].get("key") == place(settings).key
        _unavailable("the daemon runs another levelup version or other settings")
        return None
    error = reply.get("error") or {}
    if error.get("kind") == "user":
        raise HandedOffError(str(error.get("message", "")))
    if error.get("kind") == "fault":
        raise GradingFault(str(error.get("cause", "")))
    _unavailable(f"the daemon could not take the check: {error.get('message', reply)}")
    return None


def _connect(settings: Settings, folder: Path) -> _Connection | None:
    global last
    last = Attempted()
    if not settings.use_daemon:
        return None
    where = place(settings)
    if not os.path.exists(where.socket):
        _unavailable("no daemon is running")
        return None
    try:
        private_folder(where.folder, create=False)
        sock = connect(where.socket)
    except (DaemonUnavailable, OSError) as exc:
        _unavailable(f"the daemon's socket cannot be used ({exc})")
        return None
    last.reachable = True
    return _Connection(folder, settings, sock, sock.makefile("rwb"), sent=False)


def _send_check(connection: _Connection) -> bool:
    message = {"op": "check", "identity": identity(connection.settings), "folder": str(connection.folder)}
    try:
        send(connection.stream, message)
    except OSError as exc:
        connection.close()
        _unavailable(f"the daemon stopped answering ({exc})")
        return False
    connection.sent = True
    return True


def _unavailable(reason: str) -> None:
    last.reasons.append(reason)
    if os.environ.get("LEVELUP_DEBUG"):
        sys.stderr.write(f"levelup: checking in this process: {reason}\n")
    return None


# -- starting and asking the daemon ----------------------------------------------------------
def start_after_own_check(folder: Path) -> None:
    """After a check graded in this process: start a daemon for the next one (it gets a worker
    ready for `folder`), unless one is running or the user said not to use one."""
    settings = Settings.from_environment()
    if not settings.use_daemon or (last.reachable and not last.stale_version):
        return
    if last.stale_version:  # this install's daemon for this data folder, running code since changed
        request(settings, {"op": "stop"})
    spawn(folder, replacing=last.stale_version)


def spawn(folder: Path | None = None, replacing: bool = False) -> int:
    """Start a daemon for this data folder in the background; the pid. If one is running already,
    the new one ends at once (`replacing`: after waiting a little for it to end). `folder`: a
    workspace to get a worker ready for."""
    import subprocess

    command = [sys.executable, "-m", "levelup.daemon.server"]
    if folder is not None:
        command += ["--prepare", str(folder)]
    if replacing:
        command.append("--replacing")
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # outlives the command that started it; Ctrl-C there does not reach it
        close_fds=True,
    )
    return process.pid


def request(settings: Settings, message: dict[str, Any], timeout: float = 10.0) -> dict[str, Any] | None:
    """One request to the daemon for this data folder; None when none answers."""
    where: Place = place(settings)
    try:
        private_folder(where.folder, create=False)
        sock = connect(where.socket, timeout)
    except (DaemonUnavailable, OSError):
        return None
    try:
        with sock, sock.makefile("rwb") as stream:
            send(stream, message)
            return receive(stream)
    except (OSError, EOFError, ValueError):
        return None
