"""The daemon's life: `levelup daemon start|status|stop`, ending by itself when idle, and
refusing every other user."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from levelup.daemon import server
from levelup.daemon.client import request
from levelup.daemon.protocol import place, refusal
from levelup.settings import Settings

from .conftest import WAIT_SECONDS, daemon_status, levelup, wait_for_exit


def test_start_status_and_stop(daemon_allowed: Path) -> None:
    assert levelup("daemon", "status").returncode == 1
    started = levelup("daemon", "start")
    assert started.returncode == 0, started.stdout + started.stderr
    pid = daemon_status()["pid"]
    assert f"pid {pid}" in started.stdout and "ends after 3 min without a check" in started.stdout

    again = levelup("daemon", "start")  # one daemon per data folder
    assert again.returncode == 0 and daemon_status()["pid"] == pid
    status = levelup("daemon", "status")
    assert status.returncode == 0 and f"pid {pid}" in status.stdout and "graded 0 checks" in status.stdout

    socket_folder = place(Settings.from_environment()).folder
    assert socket_folder.stat().st_mode & 0o777 == 0o700  # nobody else may even look for the socket

    stopped = levelup("daemon", "stop")
    assert stopped.returncode == 0 and f"pid {pid}" in stopped.stdout
    wait_for_exit(pid)
    assert not place(Settings.from_environment()).socket.exists()
    assert levelup("daemon", "status").returncode == 1
    assert "No levelup daemon" in levelup("daemon", "stop").stdout


def test_the_daemon_ends_by_itself_when_idle(daemon_allowed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVELUP_DAEMON_IDLE_MINUTES", "0.02")  # about a second
    daemon = subprocess.Popen([sys.executable, "-m", "levelup.daemon.server"])
    assert daemon.wait(timeout=WAIT_SECONDS) == 0
    assert not place(Settings.from_environment()).socket.exists()
    assert "ended" in place(Settings.from_environment()).log.read_text()


def test_another_users_request_is_refused() -> None:
    assert refusal(peer=1000, own=1000) is None
    assert refusal(peer=1001, own=1000) == "this levelup daemon grades only for user id 1000, not for user id 1001"
    assert refusal(peer=0, own=1000) is not None  # not even root's


class NeverCheck:
    """Stands in for the checks: a refused request must never reach them."""

    def __init__(self) -> None:
        self.asked: list[Any] = []

    def check(self, *args: Any, **kwargs: Any) -> Any:
        self.asked.append(args)
        raise AssertionError("a refused request reached the grader")


def test_the_server_answers_a_peer_of_another_uid_with_a_refusal_only(
    daemon_allowed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "peer_uid", lambda _connection: os.getuid() + 1)
    checks = NeverCheck()
    settings = Settings.from_environment()
    listener = server.CheckServer(checks, settings, "daemon", idle_seconds=None)  # type: ignore[arg-type]
    assert listener.open()
    thread = threading.Thread(target=listener.serve)
    thread.start()
    try:
        for message in ({"op": "check", "folder": str(daemon_allowed)}, {"op": "stop"}, {"op": "status"}):
            reply = request(settings, message)
            assert reply == {"error": {"kind": "refused", "message": refusal(os.getuid() + 1, os.getuid())}}
    finally:
        listener.stop()
        thread.join(timeout=WAIT_SECONDS)
        listener.close()
    assert checks.asked == []
