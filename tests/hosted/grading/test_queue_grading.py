"""Checks graded by real `levelup worker` processes through Dramatiq on Redis: streamed to the
browser in order, stored exactly once however often they are delivered, regraded by another
worker when one is killed, never blamed on the candidate when levelup fails, and unable to reach
the broker or the database from inside the sandbox."""

from __future__ import annotations

import json
import socket
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy import func, select

from levelup.hosted import events
from levelup.hosted.config import QueueSettings
from levelup.hosted.grading import (
    GradingWorker,
    QueueCheckRunner,
    connect,
    declare_grading_actor,
    enqueue,
    make_broker,
)
from levelup.settings import Settings
from levelup.store.database import Database
from levelup.store.models import CheckRequestRow, CheckRow
from tests.hosted.grading.conftest import REDIS_URL, Workers, wait_for
from tests.web.conftest import RunningApp, broken_banking, reference


def start_attempt(client: httpx.Client, app: RunningApp, slug: str = "banking") -> int:
    reply = client.post("/attempts", data={"slug": slug, "mode": "exam"}, headers=app.csrf())
    assert reply.status_code == 303, reply.text
    return int(reply.headers["location"].rsplit("/", 1)[1])


def save(client: httpx.Client, app: RunningApp, attempt: int, files: dict[str, str]) -> None:
    for name, text in files.items():
        reply = client.put(f"/api/attempts/{attempt}/files/{name}", json={"text": text}, headers=app.csrf())
        assert reply.status_code == 200, reply.text


def check(client: httpx.Client, app: RunningApp, attempt: int) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """Request a check and read its Server-Sent Events to the end: (check id, [(kind, data)])."""
    started = client.post(f"/api/attempts/{attempt}/checks", headers=app.csrf())
    assert started.status_code == 200, started.text
    body = started.json()
    seen: list[tuple[str, dict[str, Any]]] = []
    with client.stream("GET", body["events"], timeout=180) as response:
        kind = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                kind = line[len("event: "):]
            elif line.startswith("data: "):
                seen.append((kind, json.loads(line[len("data: "):])))
    return body["check"], seen


def checks_stored(request_id: str | None = None) -> int:
    database = Database(Settings.from_environment().database_url)
    with database.session() as session:
        query = select(func.count()).select_from(CheckRow)
        if request_id is not None:
            query = query.where(CheckRow.request_id == request_id)
        return int(session.scalar(query) or 0)


def request_row(request_id: str) -> CheckRequestRow:
    database = Database(Settings.from_environment().database_url)
    with database.session() as session:
        row = session.get(CheckRequestRow, request_id)
        assert row is not None
        return row


def test_a_queued_check_is_graded_by_a_worker_streamed_in_order_and_stored_once(
    queue_app_any_store: RunningApp, workers_any_store: Workers
) -> None:
    app = queue_app_any_store
    workers_any_store.start()
    with closing(app.client()) as client:
        attempt = start_attempt(client, app)
        save(client, app, attempt, reference("banking", 1))
        check_id, seen = check(client, app, attempt)
        kinds = [kind for kind, _ in seen]
        assert kinds[0] == "queued" and kinds[1] == "started" and kinds[-1] == "done", kinds
        assert set(kinds[2:-1]) == {"test"}, kinds
        done = seen[-1][1]
        assert done["passed"] == done["total"] == len(kinds) - 3 > 0
        assert done["newly_unlocked"] == 2 and done["counted"]
        assert checks_stored(check_id) == 1 and checks_stored() == 1
        # the worker cannot reach the server's disk: the server showed level 2 in the workspace
        files = client.get(f"/api/attempts/{attempt}/files").json()["files"]
        assert any("level_2" in f["path"] for f in files), files
        status = client.get(f"/api/attempts/{attempt}/status").json()
        assert status["current_level"] == 2 and status["score"] > 0
    assert f"check {check_id} attempt {attempt}" in workers_any_store.log()  # one line per check


def test_a_broken_submission_is_graded_as_failing_not_as_a_fault(queue_app: RunningApp, workers: Workers) -> None:
    workers.start()
    with closing(queue_app.client()) as client:
        attempt = start_attempt(client, queue_app)
        save(client, queue_app, attempt, {"banking_system.py": broken_banking()})
        _, seen = check(client, queue_app, attempt)
    done = seen[-1]
    assert done[0] == "done" and 0 < done[1]["passed"] < done[1]["total"]
    assert any(kind == "test" and data["status"] == "failed" and "-1" in data["details"] for kind, data in seen)


def test_a_request_delivered_twice_to_two_workers_is_stored_once(
    queue_app: RunningApp, workers: Workers, redis_namespace: str
) -> None:
    workers.start()
    workers.start()
    with closing(queue_app.client()) as client:
        attempt = start_attempt(client, queue_app)
        save(client, queue_app, attempt, reference("banking", 1))
    runner = QueueCheckRunner(Settings.from_environment())
    view = runner.service.attempt(attempt)
    stream = runner.start(attempt, Path(view.workspace))
    enqueue(runner.broker, stream.id)  # the same task delivered again, as at-least-once delivery may
    enqueue(runner.broker, stream.id)
    client_ = redis.Redis.from_url(REDIS_URL)

    def done_events() -> int:
        entries = client_.xrange(events.stream_key(redis_namespace, stream.id))
        return sum(fields[b"kind"] == b"done" for _, fields in entries)

    wait_for(lambda: done_events() == 3, "all three deliveries to be processed")
    assert checks_stored(stream.id) == 1 and checks_stored() == 1
    assert runner.service.attempt(attempt).checks == 1
    assert request_row(stream.id).status == "done"


SLOW_LEVEL_1 = "import time\ntime.sleep(6)  # long enough to kill the worker grading it\n"


def test_a_worker_killed_mid_check_leaves_it_to_another_worker_and_it_counts_once(
    queue_app: RunningApp, workers: Workers
) -> None:
    first = workers.start()
    with closing(queue_app.client()) as client:
        attempt = start_attempt(client, queue_app)
        code = reference("banking", 1)
        code["banking_system.py"] = SLOW_LEVEL_1 + code["banking_system.py"]
        save(client, queue_app, attempt, code)
        started = client.post(f"/api/attempts/{attempt}/checks", headers=queue_app.csrf()).json()
        request_id = started["check"]
        wait_for(lambda: request_row(request_id).status == "grading", "the first worker to start grading")
        workers.kill(first)  # SIGKILL: no acknowledgement, no goodbye
        assert checks_stored() == 0
        workers.start()
        kinds: list[str] = []
        with client.stream("GET", started["events"], timeout=180) as response:
            kinds = [line[len("event: "):] for line in response.iter_lines() if line.startswith("event: ")]
        assert kinds[-1] == "done" and kinds.count("started") == 2, kinds
    assert checks_stored(request_id) == 1 and checks_stored() == 1
    row = request_row(request_id)
    assert row.status == "done" and row.deliveries == 2


def test_levelup_failing_to_grade_is_retried_then_reported_and_never_stored_as_the_candidates(
    queue_app: RunningApp, redis_namespace: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GradingFault (levelup's own failure) on the worker: the queue retries it; after the
    retries the request is marked failed with the cause, the browser is told levelup could not
    grade it, and no check is stored."""
    import dramatiq

    from levelup.grading import harness
    from levelup.grading.errors import GradingFault

    def broken_grader(*args: object, **kwargs: object) -> None:
        raise GradingFault("the sandboxed worker could not be started (test)")

    monkeypatch.setattr(harness, "run_check", broken_grader)
    queue = QueueSettings.from_environment()
    client_ = connect(queue)
    broker = make_broker(queue, client_)
    declare_grading_actor(broker, GradingWorker(Settings.from_environment(), queue, client_).grade)
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        with closing(queue_app.client()) as client:
            attempt = start_attempt(client, queue_app)
            save(client, queue_app, attempt, reference("banking", 1))
            check_id, seen = check(client, queue_app, attempt)
    finally:
        threading.Thread(target=worker.stop, daemon=True).start()
    assert seen[-1][0] == "failed"
    assert "levelup could not grade this check" in seen[-1][1]["message"]
    assert "could not be started" in seen[-1][1]["message"]
    assert checks_stored() == 0
    row = request_row(check_id)
    assert row.status == "failed" and "could not be started" in (row.error or "") and row.deliveries == 3


HOSTILE = '''
import socket


def _reach(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=3).close()
        return "connected"
    except OSError as exc:
        return f"failed ({type(exc).__name__}: {exc})"


REACHED = f"redis {_reach(6379)}; postgres {_reach(5432)}"


class BankingSystem:
    def __init__(self):
        raise RuntimeError(REACHED)
'''


def test_a_hostile_submission_cannot_reach_the_broker_or_the_database(
    queue_app: RunningApp, workers: Workers
) -> None:
    for port in (6379, 5432):  # both are there to be reached from outside the sandbox
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    workers.start()
    with closing(queue_app.client()) as client:
        attempt = start_attempt(client, queue_app)
        save(client, queue_app, attempt, {"banking_system.py": HOSTILE})
        _, seen = check(client, queue_app, attempt)
    assert seen[-1][0] == "done" and seen[-1][1]["passed"] == 0
    visible = [data for kind, data in seen if kind == "test" and data["visible"]]
    shown = " ".join(data["message"] + data["details"] for data in visible)
    assert "redis failed" in shown and "postgres failed" in shown, shown[:2000]
    assert "connected" not in shown
    assert checks_stored() == 1
