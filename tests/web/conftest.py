"""The browser app under test: a real server on a free 127.0.0.1 port, in this process (so the
fake clock of a test reaches it), with its own levelup home."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from levelup.settings import Settings
from levelup.web.app import create_app
from levelup.web.security import Gate
from levelup.web.server import bind

BUNDLED = Path(__file__).resolve().parents[2] / "src" / "levelup" / "problems" / "bundled"


@dataclass
class RunningApp:
    base: str
    gate: Gate

    @property
    def login_url(self) -> str:
        return f"{self.base}/?token={self.gate.token}"

    def client(self) -> httpx.Client:
        """A client that opened the login link (so it has the session cookie)."""
        client = httpx.Client(base_url=self.base, timeout=120)
        assert client.get(f"/?token={self.gate.token}").status_code in (200, 303)
        return client

    def csrf(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.gate.csrf_token()}


@pytest.fixture
def running_app(isolated_levelup_home: Path) -> Iterator[RunningApp]:
    gate = Gate()
    app = create_app(Settings.from_environment(), gate)
    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield RunningApp(f"http://127.0.0.1:{sock.getsockname()[1]}", gate)
    server.should_exit = True
    thread.join(timeout=30)


def reference(slug: str, level: int) -> dict[str, str]:
    folder = BUNDLED / slug / "levels" / str(level) / "solution"
    return {path.name: path.read_text() for path in folder.glob("*.py")}


def broken_banking() -> str:
    """Level 1's reference with deposit answering -1: some visible tests fail, with -1 in their diff."""
    return reference("banking", 1)["banking_system.py"] + (
        "\n\n_Correct = BankingSystem\n\n\nclass BankingSystem(_Correct):\n"
        "    def deposit(self, timestamp, account_id, amount):\n"
        "        super().deposit(timestamp, account_id, amount)\n"
        "        return -1\n"
    )
