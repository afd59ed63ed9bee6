"""Hosted grading under test: a real Redis (127.0.0.1:6379, every key under a namespace of the
test's own, deleted afterwards), a database of the test's own (PostgreSQL, or SQLite where cheap),
real `levelup worker` processes, and the browser app serving a QueueCheckRunner on a free port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
import uvicorn

from levelup.settings import Settings
from levelup.web.app import create_app
from levelup.web.security import Gate
from levelup.web.server import bind
from tests.store.conftest import postgres_url  # noqa: F401 (fixture)
from tests.web.conftest import RunningApp

REDIS_URL = os.environ.get("LEVELUP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REDELIVERY_SECONDS = "2"  # how long a killed worker's check waits before another worker gets it


def wait_for(condition: Callable[[], object], what: str, timeout: float = 120.0) -> object:
    """Wait for a condition (never for a fixed time); fail saying what did not happen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what}", pytrace=False)


@pytest.fixture
def redis_namespace() -> Iterator[str]:
    namespace = f"levelup-test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"the hosted grading tests need Redis at {REDIS_URL}: {exc}", pytrace=False)
    yield namespace
    keys = list(client.scan_iter(match=f"{namespace}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture(params=["postgresql", "sqlite"])
def hosted_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hosted.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def hosted_env(
    monkeypatch: pytest.MonkeyPatch, redis_namespace: str, postgres_url: str  # noqa: F811
) -> dict[str, str]:
    """Hosted mode's environment, on PostgreSQL (the engine hosted mode is for)."""
    return _environment(monkeypatch, redis_namespace, postgres_url)


@pytest.fixture
def hosted_env_any_store(
    monkeypatch: pytest.MonkeyPatch, redis_namespace: str, hosted_database_url: str
) -> dict[str, str]:
    return _environment(monkeypatch, redis_namespace, hosted_database_url)


def _environment(monkeypatch: pytest.MonkeyPatch, namespace: str, database_url: str) -> dict[str, str]:
    monkeypatch.setenv("LEVELUP_DATABASE_URL", database_url)
    monkeypatch.setenv("LEVELUP_BROKER_URL", REDIS_URL)
    monkeypatch.setenv("LEVELUP_BROKER_NAMESPACE", namespace)
    monkeypatch.setenv("LEVELUP_REDELIVERY_SECONDS", REDELIVERY_SECONDS)
    return dict(os.environ)


@dataclass
class Workers:
    """`levelup worker` processes, each in a process group of its own (killed as a whole)."""

    env: dict[str, str]
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"worker-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "levelup", "worker", *args],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        process.wait(timeout=60)

    def log(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.logs.glob("worker-*.log")))

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)


@pytest.fixture
def workers(hosted_env: dict[str, str], tmp_path: Path) -> Iterator[Workers]:
    running = Workers(hosted_env, tmp_path)
    yield running
    running.stop_all()


@pytest.fixture
def workers_any_store(hosted_env_any_store: dict[str, str], tmp_path: Path) -> Iterator[Workers]:
    running = Workers(hosted_env_any_store, tmp_path)
    yield running
    running.stop_all()


def serve_queue_app() -> tuple[RunningApp, Callable[[], None]]:
    """The browser app with the queue runner, on a free port in this process."""
    from levelup.hosted.grading import QueueCheckRunner

    gate = Gate()
    settings = Settings.from_environment()
    app = create_app(settings, gate, runner=QueueCheckRunner(settings))
    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the app to start", 30)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=30)

    return RunningApp(f"http://127.0.0.1:{sock.getsockname()[1]}", gate), stop


@pytest.fixture
def queue_app(hosted_env: dict[str, str]) -> Iterator[RunningApp]:
    app, stop = serve_queue_app()
    yield app
    stop()


@pytest.fixture
def queue_app_any_store(hosted_env_any_store: dict[str, str]) -> Iterator[RunningApp]:
    app, stop = serve_queue_app()
    yield app
    stop()
