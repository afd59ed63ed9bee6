"""`levelup worker` refuses to start, with one clear paragraph and exit status 2 and no traceback,
when this host cannot grade hosted checks honestly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hosted.grading.conftest import REDIS_URL


def worker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "levelup", "worker", *args], env=env, capture_output=True, text=True, timeout=120
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 2, said
    assert "Traceback" not in said
    for word in words:
        assert word in said, said
    return said


@pytest.fixture
def env(tmp_path: Path, redis_namespace: str) -> dict[str, str]:
    return dict(os.environ) | {
        "LEVELUP_DATABASE_URL": f"sqlite:///{tmp_path / 'worker.db'}",
        "LEVELUP_BROKER_URL": REDIS_URL,
        "LEVELUP_BROKER_NAMESPACE": redis_namespace,
    }


def test_a_worker_without_a_broker_url_says_which_variable_to_set(env: dict[str, str]) -> None:
    refused(worker(env | {"LEVELUP_BROKER_URL": ""}), "LEVELUP_BROKER_URL")


def test_a_worker_that_cannot_reach_the_broker_refuses(env: dict[str, str]) -> None:
    refused(worker(env | {"LEVELUP_BROKER_URL": "redis://127.0.0.1:1/0"}), "cannot reach the broker", "127.0.0.1:1")


def test_a_worker_that_cannot_reach_the_database_refuses(env: dict[str, str]) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/levelup"
    refused(worker(env | {"LEVELUP_DATABASE_URL": url}), "cannot reach the database server")


def test_a_worker_refuses_a_fake_clock_because_the_servers_clock_is_the_only_clock(env: dict[str, str]) -> None:
    refused(worker(env | {"LEVELUP_FAKE_TIME": "2026-01-01T00:00:00"}), "LEVELUP_FAKE_TIME", "server's clock")


def test_a_worker_refuses_to_grade_without_its_sandbox(env: dict[str, str], tmp_path: Path) -> None:
    no_tools = tmp_path / "bin-without-bubblewrap"
    no_tools.mkdir()
    refused(worker(env | {"PATH": str(no_tools)}), "sandbox layer", "bubblewrap")


def test_a_worker_process_grades_one_check_at_a_time(env: dict[str, str]) -> None:
    refused(worker(env, "--threads", "2"), "--threads must be 1", "--processes")
