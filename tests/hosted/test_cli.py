"""`levelup admin create|reviewer` and `levelup server`: clear errors with exit status 2 (no
traceback) for a missing store URL, a fake clock or a broker without the queue runner; a real
server process that signs in the admin made from the terminal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.hosted.conftest import PASSWORD


def levelup(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "levelup", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env=dict(os.environ) | env)


def test_admin_accounts_are_made_from_the_terminal(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'hosted.db'}"  # both engines' accounts are tested through the API
    made = levelup("admin", "create", "boss", "--email", "boss@example.com", "--password-stdin",
                   stdin=PASSWORD + "\n", LEVELUP_DATABASE_URL=store)
    assert made.returncode == 0, made.stderr
    assert "admin account boss created" in made.stdout
    reviewer = levelup("admin", "reviewer", "rita", "--password-stdin", stdin=PASSWORD + "\n",
                       LEVELUP_DATABASE_URL=store)
    assert reviewer.returncode == 0 and "reviewer account rita created" in reviewer.stdout
    again = levelup("admin", "create", "boss", "--password-stdin", stdin=PASSWORD + "\n", LEVELUP_DATABASE_URL=store)
    assert again.returncode == 2 and "already an account named 'boss'" in again.stdout
    prompted = levelup("admin", "create", "typed", stdin=f"{PASSWORD}\n{PASSWORD}\n", LEVELUP_DATABASE_URL=store)
    assert prompted.returncode == 0, prompted.stdout + prompted.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "hosted mode needs LEVELUP_DATABASE_URL"),
        ({"LEVELUP_DATABASE_URL": "sqlite:///{home}/db.sqlite", "LEVELUP_FAKE_TIME": "2030-01-01T00:00:00"},
         "only the server's clock"),
        ({"LEVELUP_DATABASE_URL": "sqlite:///{home}/db.sqlite", "LEVELUP_BROKER_URL": "redis://127.0.0.1:1/0"},
         "cannot reach the broker at LEVELUP_BROKER_URL"),
        ({"LEVELUP_DATABASE_URL": "sqlite:///{home}/db.sqlite", "LEVELUP_INVITE_MAIL": "smtp://x"},
         "LEVELUP_INVITE_MAIL='smtp://x'"),
    ],
)
def test_the_server_refuses_to_start_with_a_clear_message(
    env: dict[str, str], message: str, isolated_levelup_home: Path
) -> None:
    filled = {key: value.format(home=isolated_levelup_home) for key, value in env.items()}
    refused = levelup("server", "--port", "0", **filled)
    assert refused.returncode == 2
    assert message in " ".join(refused.stdout.split())
    assert "Traceback" not in refused.stdout + refused.stderr


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    store = f"sqlite:///{tmp_path / 'hosted.db'}"
    assert levelup("admin", "create", "boss", "--password-stdin", stdin=PASSWORD + "\n",
                   LEVELUP_DATABASE_URL=store).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "levelup", "server", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env=dict(os.environ) | {"LEVELUP_DATABASE_URL": store},
    )
    assert process.stdout is not None
    seen = ""
    for line in process.stdout:
        seen += line
        if "levelup hosted server at" in line:
            break
    found = re.search(r"http://127\.0\.0\.1:\d+", seen)
    assert found, seen
    yield process, seen + "\n" + found.group(0)
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)


def test_the_server_serves_sign_in_for_the_admin_made_in_the_terminal(
    server: tuple[subprocess.Popen[str], str]
) -> None:
    _process, output = server
    url = output.rsplit("\n", 1)[1]
    assert "SQLite file" in output and "LEVELUP_BROKER_URL is not set" in output  # loud warnings
    with httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/signin").status_code == 200
        signed = client.post("/signin", data={"name": "boss", "password": PASSWORD}, follow_redirects=True)
        assert signed.status_code == 200 and "New assessment" in signed.text
