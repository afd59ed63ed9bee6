"""The store's failures are one-paragraph messages with exit status 2, never tracebacks: a locked
database (after a few seconds' wait, naming the process that holds it), a damaged file (how to
move it aside), a read-only data folder (reading commands still work). A check whose results
cannot be stored still shows them and says they were not recorded; `start` makes nothing then."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_end_to_end import levelup, use_reference


def started(tmp_path: Path, home: Path) -> Path:
    workspace = tmp_path / "bank"
    result = levelup("start", "banking", "--dir", str(workspace))
    assert result.returncode == 0, result.stdout + result.stderr
    use_reference(workspace, "banking", 1)
    return workspace


def one_paragraph_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    message = result.stdout[result.stdout.index("error: ") :].strip()
    assert "\n\n" not in message
    return message


@pytest.fixture
def write_lock_held(isolated_levelup_home: Path) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of a write transaction on the database."""
    connection = sqlite3.connect(isolated_levelup_home / "levelup.db", isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    yield connection
    connection.execute("ROLLBACK")
    connection.close()


def test_a_locked_database_shows_the_results_says_they_were_not_recorded_and_who_holds_it(
    tmp_path: Path, isolated_levelup_home: Path, request: pytest.FixtureRequest
) -> None:
    workspace = started(tmp_path, isolated_levelup_home)
    request.getfixturevalue("write_lock_held")
    checked = levelup("check", cwd=workspace)
    assert checked.returncode == 2 and "Traceback" not in checked.stdout + checked.stderr
    assert "Level 1" in checked.stdout and "passed" in checked.stdout  # the results are shown
    assert "NOT recorded" in checked.stdout and "locked" in checked.stdout
    assert f"pid {os.getpid()}" in checked.stdout  # this test process holds the lock
    status = json.loads(levelup("status", "--json", cwd=workspace).stdout)  # reading still works
    assert status["checks"] == 0


def test_start_with_a_locked_database_leaves_no_folder_behind(
    tmp_path: Path, isolated_levelup_home: Path, request: pytest.FixtureRequest
) -> None:
    started(tmp_path, isolated_levelup_home)  # the database exists
    request.getfixturevalue("write_lock_held")
    target = tmp_path / "second"
    message = one_paragraph_error(levelup("start", "banking", "--dir", str(target)))
    assert "locked" in message
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder either


def test_a_damaged_database_says_how_to_move_it_aside(tmp_path: Path, isolated_levelup_home: Path) -> None:
    workspace = started(tmp_path, isolated_levelup_home)
    database = isolated_levelup_home / "levelup.db"
    with open(database, "r+b") as file:  # garbage over every page, the header included
        file.write(os.urandom(database.stat().st_size))
    message = one_paragraph_error(levelup("status", cwd=workspace))
    assert "damaged" in message and f"mv {database} {database}.damaged" in message

    again = tmp_path / "again"
    assert "damaged" in one_paragraph_error(levelup("start", "banking", "--dir", str(again)))
    assert not again.exists()

    database.rename(database.with_name("levelup.db.damaged"))  # what the message says to do
    assert levelup("start", "banking", "--dir", str(again)).returncode == 0


@pytest.fixture
def read_only_home(isolated_levelup_home: Path) -> Iterator[Path]:
    """The data folder made immutable (chattr +i), which even root cannot write into."""
    subprocess.run(["chattr", "+i", str(isolated_levelup_home)], check=True)
    yield isolated_levelup_home
    subprocess.run(["chattr", "-i", str(isolated_levelup_home)], check=True)


def test_a_read_only_data_folder_still_serves_reading_commands(
    tmp_path: Path, isolated_levelup_home: Path, request: pytest.FixtureRequest
) -> None:
    workspace = started(tmp_path, isolated_levelup_home)
    assert levelup("check", cwd=workspace).returncode == 0  # one check recorded while writable
    request.getfixturevalue("read_only_home")
    assert not os.access(isolated_levelup_home, os.W_OK)

    status = levelup("status", "--json", cwd=workspace)
    assert status.returncode == 0, status.stdout + status.stderr
    assert json.loads(status.stdout)["checks"] == 1
    assert levelup("history").returncode == 0 and levelup("list").returncode == 0

    use_reference(workspace, "banking", 2)
    checked = levelup("check", "--json", cwd=workspace)
    assert checked.returncode == 2
    report = json.loads(checked.stdout)
    assert report["recorded"] is False and "read-only" in report["note"]
    assert {t["status"] for t in report["tests"]} == {"passed"}

    target = tmp_path / "second"
    assert "read-only" in one_paragraph_error(levelup("start", "banking", "--dir", str(target)))
    assert not target.exists()
