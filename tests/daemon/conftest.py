"""Daemon tests: each uses its own data folder (so its own socket and daemon) and stops its daemon,
waiting for the process to end, before the next test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from levelup.daemon.client import request
from levelup.daemon.protocol import identity
from levelup.settings import Settings

START = 1_800_000_000  # a fixed fake "now": the clock on every report is the same
WAIT_SECONDS = 120  # generous: the machine may be loaded


def levelup(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "levelup", *args], cwd=cwd, env=env or dict(os.environ), capture_output=True,
        text=True, timeout=300,
    )


def daemon_status() -> dict | None:
    settings = Settings.from_environment()
    reply = request(settings, {"op": "status", "identity": identity(settings)})
    return reply["status"] if reply else None


def wait_for_exit(pid: int) -> None:
    """Wait (generously) until process `pid` has ended; it is not this process's child."""
    deadline = time.monotonic() + WAIT_SECONDS
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
        assert time.monotonic() < deadline, f"process {pid} did not end"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def wait_for_daemon() -> dict:
    deadline = time.monotonic() + WAIT_SECONDS
    while (status := daemon_status()) is None:
        assert time.monotonic() < deadline, "no daemon started"
        time.sleep(0.05)
    return status


def stop_daemon() -> None:
    status = daemon_status()
    if status is not None:
        request(Settings.from_environment(), {"op": "stop"})
        wait_for_exit(status["pid"])


@pytest.fixture
def daemon_allowed(monkeypatch: pytest.MonkeyPatch, isolated_levelup_home: Path) -> Iterator[Path]:
    """`levelup check` may use (and start) a daemon; the test's own data folder holds its socket."""
    monkeypatch.delenv("LEVELUP_NO_DAEMON", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(START))
    monkeypatch.setenv("LEVELUP_DAEMON_IDLE_MINUTES", "3")  # should a test fail before stopping it
    yield isolated_levelup_home
    stop_daemon()


PACKAGE = Path(__file__).parent.parent / "exporters" / "packages" / "brewing-lab"  # small, quick to grade


@pytest.fixture
def workspace(daemon_allowed: Path, tmp_path: Path) -> Path:
    """A practice attempt of a small problem at level 1, with its starter code (tests fail)."""
    shutil.copytree(PACKAGE, daemon_allowed / "problems" / PACKAGE.name)
    folder = tmp_path / "brew"
    started = levelup("start", PACKAGE.name, "--dir", str(folder), "--json")
    assert started.returncode == 0, started.stdout + started.stderr
    return folder


def check_json(folder: Path, *options: str) -> tuple[int, dict]:
    result = levelup("check", "--json", *options, cwd=folder)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.returncode, json.loads(result.stdout)


def checks_recorded() -> int:
    history = json.loads(levelup("history", "--json").stdout)["attempts"]
    return sum(attempt["checks"] for attempt in history)
