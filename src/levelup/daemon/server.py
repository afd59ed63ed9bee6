"""The daemon's side: grade the checks `levelup check` hands over, through the same application
layer (`WarmChecks` -> `AttemptService.check` -> `run_check`) as every other face, so what is
graded, how it is confined (exam mode still demands every sandbox layer) and what is recorded do
not change. Only the user the daemon runs as may use it (SO_PEERCRED).

Two hosts: `levelup serve` listens for the terminal beside the browser, sharing the browser's
checks thread and warm workers; on its own, `python -m levelup.daemon.server` (what `levelup
check` and `levelup daemon start` start) ends after LEVELUP_DAEMON_IDLE_MINUTES without a check.
A lock file held for the listener's life makes one listener per socket: a socket left by a
crashed daemon is replaced by the next one.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import socket
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from levelup.attempts.warm_checks import WarmChecks
from levelup.daemon.protocol import (
    encode_outcome,
    identity,
    listen,
    peer_uid,
    place,
    private_folder,
    receive,
    refusal,
    send,
)
from levelup.errors import DOMAIN_ERRORS
from levelup.grading.errors import GradingFault
from levelup.settings import Settings

REQUEST_SECONDS = 10.0  # a client that connects must say what it wants within this time
LOCK_WAIT_SECONDS = 5.0  # for a daemon of other code, asked to end, to let go of the socket


class CheckServer:
    def __init__(self, checks: WarmChecks, settings: Settings, kind: str, idle_seconds: float | None) -> None:
        """`kind`: "daemon" or "serve" (what `levelup daemon status` reports); `idle_seconds`:
        end after this long without a request (None: until stopped)."""
        self._checks = checks
        self._kind = kind
        self._idle_seconds = idle_seconds
        self._place = place(settings)
        self._identity = identity(settings)
        self._listener: socket.socket | None = None
        self._lock_fd: int | None = None
        self._wake_read, self._wake_write = os.pipe2(os.O_CLOEXEC | os.O_NONBLOCK)
        self._state = threading.Condition()
        self._active = 0
        self._last_request = time.monotonic()
        self._started_at = time.time()
        self._checks_graded = 0

    # -- life -------------------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        return self._listener is not None

    def open(self) -> bool:
        """Take the socket's lock and listen. False when another listener holds it."""
        private_folder(self._place.folder, create=True)
        fd = os.open(self._place.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._lock_fd = fd
        try:
            self._place.socket.unlink(missing_ok=True)  # a crashed listener's: the lock was free
            self._listener = listen(self._place.socket)
        except BaseException:
            self.close()
            raise
        return True

    def serve(self) -> None:
        """Answer requests until stopped, or idle for `idle_seconds`."""
        assert self._listener is not None
        self._listener.setblocking(False)
        while True:
            wait = None
            if self._idle_seconds is not None:
                with self._state:
                    idle_for = time.monotonic() - self._last_request
                    if self._active == 0 and idle_for >= self._idle_seconds:
                        return
                    wait = self._idle_seconds - idle_for if self._active == 0 else self._idle_seconds
            ready, _, _ = select.select([self._listener.fileno(), self._wake_read], [], [], wait)
            if self._wake_read in ready:
                return
            if not ready:
                continue
            try:
                connection, _ = self._listener.accept()
            except (BlockingIOError, ConnectionAbortedError):
                continue
            connection.setblocking(True)
            with self._state:
                self._active += 1
            answer = threading.Thread(target=self._answer, args=(connection,), name="levelup-request", daemon=True)
            answer.start()

    def stop(self) -> None:
        """Make `serve` return (from any thread, or a signal handler)."""
        try:
            os.write(self._wake_write, b"x")
        except BlockingIOError:  # asked often enough already
            pass

    def close(self) -> None:
        """Stop listening and remove the socket (while still holding its lock: no one else's)."""
        if self._listener is not None:
            self._place.socket.unlink(missing_ok=True)
            self._listener.close()
            self._listener = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # -- requests ---------------------------------------------------------------------------
    def _answer(self, connection: socket.socket) -> None:
        try:
            with connection, connection.makefile("rwb") as stream:
                connection.settimeout(REQUEST_SECONDS)
                request = receive(stream)
                connection.settimeout(None)
                refused = refusal(peer_uid(connection), os.getuid())
                if refused is not None:  # whatever it asks
                    send(stream, {"error": {"kind": "refused", "message": refused}})
                    return
                reply = self._reply(request, connection)
                if reply is not None:
                    send(stream, reply)
                if reply is not None and reply.get("stopping"):
                    self.stop()  # after the reply is sent: the process may end at once
        except (OSError, EOFError, ValueError):
            pass  # the client went away or sent nonsense: nothing to answer
        finally:
            with self._state:
                self._active -= 1
                self._last_request = time.monotonic()

    def _reply(self, request: dict[str, Any], connection: socket.socket) -> dict[str, Any] | None:
        operation = request.get("op")
        if operation == "status":
            return {"status": self.status(request.get("identity"))}
        if operation == "stop":
            if self._kind != "daemon":
                return {"error": {"kind": "refused", "message": "this is `levelup serve`: stop it with Ctrl-C"}}
            return {"stopping": True, "pid": os.getpid()}
        if operation != "check":
            return {"error": {"kind": "usage", "message": f"unknown request {operation!r}"}}
        if request.get("identity") != self._identity:
            return {"mismatch": {"key": self._place.key}}
        return self._check(Path(str(request.get("folder", ""))), connection)

    def _check(self, folder: Path, connection: socket.socket) -> dict[str, Any] | None:
        def stop_if_client_gone(_test: object) -> None:
            if _client_gone(connection):
                raise KeyboardInterrupt  # as Ctrl-C in the shell would: pytest stops, nothing is recorded

        try:
            outcome = self._checks.check(folder, on_result=stop_if_client_gone)
        except GradingFault as exc:
            return {"error": {"kind": "fault", "cause": exc.cause}}
        except DOMAIN_ERRORS as exc:
            return {"error": {"kind": "user", "message": str(exc)}}
        except KeyboardInterrupt:
            return None
        except Exception as exc:  # a bug of levelup's: the shell grades on its own instead
            traceback.print_exc()
            return {"error": {"kind": "internal", "message": f"{type(exc).__name__}: {exc}"}}
        with self._state:
            self._checks_graded += 1
        return {"outcome": encode_outcome(outcome)}

    def status(self, client_identity: object = None) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "kind": self._kind,
            "started_at": self._started_at,
            "idle_minutes": None if self._idle_seconds is None else self._idle_seconds / 60,
            "checks": self._checks_graded,
            "same_version": client_identity == self._identity,
            "socket": str(self._place.socket),
        }


def _client_gone(connection: socket.socket) -> bool:
    """Whether the client closed its end (it was interrupted) while its check is graded."""
    try:
        return connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def run_daemon(
    settings: Settings, prepare: Path | None = None, log_to_file: bool = True, replacing: bool = False
) -> int:
    """The daemon's life: load everything a check needs, listen (unless another daemon holds the
    socket; `replacing`: one asked to end, so wait a little for it), get a worker ready for
    `prepare`, answer until idle or stopped."""
    from levelup.attempts.service import AttemptService
    from levelup.grading import harness  # noqa: F401  (pytest, loaded before the first check asks)

    checks = WarmChecks(AttemptService(settings))
    server = CheckServer(checks, settings, "daemon", settings.daemon_idle_minutes * 60)
    deadline = time.monotonic() + (LOCK_WAIT_SECONDS if replacing else 0.0)
    while not server.open():
        if time.monotonic() > deadline:
            checks.close()
            return 0  # a daemon already serves this data folder
        time.sleep(0.05)
    if log_to_file:
        _log_to(place(settings).log)
    signal.signal(signal.SIGTERM, lambda *_: server.stop())
    sys.stderr.write(f"levelup daemon {os.getpid()} listening at {place(settings).socket}\n")
    try:
        checks.service.database  # noqa: B018  (opened, and migrated if need be, before the first check)
        if prepare is not None:
            checks.prepare(prepare)
        server.serve()
    finally:
        server.close()  # new checks grade in their own process from here on
        checks.close()
        sys.stderr.write(f"levelup daemon {os.getpid()} ended\n")
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m levelup.daemon.server", description=__doc__)
    parser.add_argument("--prepare", type=Path, help="a workspace to get a worker ready for")
    parser.add_argument("--replacing", action="store_true", help="a daemon of other code was asked to end")
    args = parser.parse_args(argv)
    raise SystemExit(run_daemon(Settings.from_environment(), args.prepare, replacing=args.replacing))


def _log_to(path: Path) -> None:
    """The daemon has no terminal: its own errors go to a log beside its socket."""
    log = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    os.dup2(log, 2)
    os.close(log)
    sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115


if __name__ == "__main__":
    main()
