"""`levelup check` in a shell hands the check to a running daemon and prints what it would have
printed grading on its own; anything wrong with the daemon means grading on its own, silently."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from levelup.daemon.protocol import place
from levelup.settings import Settings

from .conftest import (
    PACKAGE,
    START,
    WAIT_SECONDS,
    check_json,
    checks_recorded,
    daemon_status,
    levelup,
    wait_for_daemon,
    wait_for_exit,
)


def without_durations(document: dict) -> dict:
    """A check's document minus the timings, which differ between any two runs."""
    return {key: value for key, value in document.items() if key != "duration_seconds"} | {
        "tests": [{k: v for k, v in test.items() if k != "duration_seconds"} for test in document["tests"]]
    }


def without_check_count(report: str) -> str:
    return re.sub(r"\d+ checks?", "N checks", report)


def test_a_check_through_the_daemon_prints_the_same_document_and_is_recorded_once(workspace: Path) -> None:
    cold_code, cold = check_json(workspace, "--no-daemon")
    cold_text = levelup("check", "--no-daemon", cwd=workspace)
    assert daemon_status() is None  # --no-daemon starts none either
    assert levelup("daemon", "start").returncode == 0

    before = checks_recorded()
    code, handed = check_json(workspace)
    assert daemon_status()["checks"] == 1  # the daemon graded it
    assert checks_recorded() == before + 1  # and the store holds it once
    assert code == cold_code == 1
    assert without_durations(handed) == without_durations(cold)

    text = levelup("check", cwd=workspace)
    assert daemon_status()["checks"] == 2
    assert text.returncode == cold_text.returncode == 1
    assert without_check_count(text.stdout) == without_check_count(cold_text.stdout)
    assert "ERROR test_level_1.py" in text.stdout and "Score: 0 / 1000" in text.stdout

    # --no-daemon grades in the shell's own process even with the daemon up
    assert check_json(workspace, "--no-daemon")[0] == 1
    assert daemon_status()["checks"] == 2


def test_an_unlock_through_the_daemon_updates_the_workspace(workspace: Path) -> None:
    assert levelup("daemon", "start").returncode == 0
    for source in (PACKAGE / "levels" / "1" / "solution").glob("*.py"):
        (workspace / source.name).write_bytes(source.read_bytes())
    code, report = check_json(workspace)
    assert code == 0, [(t["name"], t["message"]) for t in report["tests"] if t["status"] != "passed"]
    assert report["newly_unlocked"] == 2
    assert daemon_status()["checks"] == 1
    assert (workspace / "tests" / "test_level_2.py").exists() and "Level 2" in (workspace / "SPEC.md").read_text()


def test_an_error_the_daemon_meets_is_the_same_message_and_exit_code(workspace: Path, tmp_path: Path) -> None:
    assert levelup("daemon", "start").returncode == 0
    elsewhere = tmp_path / "not-a-workspace"
    elsewhere.mkdir()
    cold = levelup("check", "--no-daemon", cwd=elsewhere)
    handed = levelup("check", cwd=elsewhere)
    assert handed.returncode == cold.returncode == 2
    assert handed.stdout == cold.stdout and "not inside a levelup workspace" in handed.stdout


def test_the_first_check_starts_a_daemon_that_takes_the_next(workspace: Path) -> None:
    _, cold = check_json(workspace)  # no daemon yet: graded here, then one is started
    wait_for_daemon()
    _, handed = check_json(workspace)
    assert daemon_status()["checks"] == 1
    assert without_durations(handed) == without_durations(cold)


def test_a_stale_socket_file_means_grading_in_the_shell(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    where = place(Settings.from_environment())
    where.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stale = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(where.folder)  # the socket's path may be too long to bind by name
    try:
        stale.bind(where.socket.name)
    finally:
        stale.close()  # nobody listens: the file stays, as a crashed daemon's does
    assert where.socket.exists()
    _, cold = check_json(workspace, "--no-daemon")
    result = levelup("check", "--json", cwd=workspace, env=dict(os.environ, LEVELUP_DEBUG="1"))
    assert result.returncode == 1
    assert result.stderr.count("checking in this process") == 1  # a debug line at most, on request
    assert "Connection refused" in result.stderr
    assert without_durations(json.loads(result.stdout)) == without_durations(cold)
    assert checks_recorded() == 2
    wait_for_daemon()  # and a new daemon took the socket over


def test_a_daemon_killed_mid_life_means_grading_in_the_shell(workspace: Path) -> None:
    assert levelup("daemon", "start").returncode == 0
    pid = daemon_status()["pid"]
    os.kill(pid, signal.SIGKILL)
    wait_for_exit(pid)
    assert place(Settings.from_environment()).socket.exists()  # it could not clean up
    code, report = check_json(workspace)
    assert code == 1 and report["recorded"] is True and len(report["tests"]) > 0
    assert checks_recorded() == 1
    assert wait_for_daemon()["pid"] != pid


def test_a_socket_of_another_data_folder_is_not_used(workspace: Path, tmp_path: Path) -> None:
    other_home = tmp_path / "other-home"
    other_env = dict(os.environ, LEVELUP_HOME=str(other_home))
    other = subprocess.Popen([sys.executable, "-m", "levelup.daemon.server"], env=other_env)
    try:
        other_place = place(Settings(home=other_home, database_url=f"sqlite:///{other_home / 'levelup.db'}",
                                     user="tester"))
        ours = place(Settings.from_environment())
        deadline = time.monotonic() + WAIT_SECONDS
        while not other_place.socket.exists():
            assert time.monotonic() < deadline, "the other data folder's daemon did not start"
            time.sleep(0.05)
        ours.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.rename(other_place.socket, ours.socket)  # its daemon now answers at our socket's path
        assert daemon_status()["pid"] == other.pid

        _, cold = check_json(workspace, "--no-daemon")
        result = levelup("check", "--json", cwd=workspace, env=dict(os.environ, LEVELUP_DEBUG="1"))
        assert result.returncode == 1
        assert "another levelup version or other settings" in result.stderr
        assert without_durations(json.loads(result.stdout)) == without_durations(cold)
        assert checks_recorded() == 2  # both graded here, in this data folder's store
    finally:
        other.terminate()
        other.wait(timeout=WAIT_SECONDS)


def test_while_levelup_serve_runs_it_takes_the_shells_checks(workspace: Path) -> None:
    assert levelup("daemon", "start").returncode == 0
    daemon_pid = daemon_status()["pid"]
    serve = subprocess.Popen([sys.executable, "-m", "levelup", "serve", "--no-open"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        wait_for_exit(daemon_pid)  # the daemon was asked to end: the server takes its socket
        assert wait_for_daemon()["kind"] == "serve"
        _, cold = check_json(workspace, "--no-daemon")
        _, handed = check_json(workspace)
        assert daemon_status()["checks"] == 1
        assert without_durations(handed) == without_durations(cold)
        assert "stop it with Ctrl-C" in levelup("daemon", "stop").stdout
    finally:
        serve.terminate()
        serve.wait(timeout=WAIT_SECONDS)
    assert daemon_status() is None and not place(Settings.from_environment()).socket.exists()


def test_a_daemon_of_other_settings_is_replaced_after_a_check_in_the_shell(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert levelup("daemon", "start").returncode == 0
    old = daemon_status()["pid"]
    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(START + 60))  # as an upgrade changes levelup's code
    assert daemon_status()["same_version"] is False
    result = levelup("check", "--json", cwd=workspace, env=dict(os.environ, LEVELUP_DEBUG="1"))
    assert result.returncode == 1 and "another levelup version or other settings" in result.stderr
    wait_for_exit(old)  # asked to end
    new = wait_for_daemon()
    assert new["pid"] != old and new["same_version"] is True
    check_json(workspace)
    assert daemon_status()["checks"] == 1
