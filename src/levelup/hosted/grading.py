"""Hosted grading: a check is a task on a Dramatiq queue in Redis. The server stores the request
(the code snapshot and the server's clock reading) and enqueues its id; a worker process
(`levelup worker`, on any host that reaches Redis and the database) grades it in the full sandbox
and stores the result with the progress decision in one transaction (`AttemptService`).

Delivery is at-least-once: a message is acknowledged only after it was processed (Dramatiq's
default), and the unacknowledged messages of a worker whose heartbeat stopped for
`redelivery_seconds` go back on the queue. Storing is idempotent (a check names its request, and
that name is unique), so a check graded twice is stored once. Each check's events go to a Redis
stream the server's SSE route reads (`events.py`)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import redis
import redis.asyncio
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from levelup.attempts.service import AttemptService
from levelup.hosted import events
from levelup.hosted.config import QueueSettings, refuse_local_clock
from levelup.hosted.errors import HostedError
from levelup.settings import Settings

if TYPE_CHECKING:
    from dramatiq import Actor
    from dramatiq.brokers.redis import RedisBroker

QUEUE_NAME = "levelup-checks"
ACTOR_NAME = "grade_check"
# Faults of levelup's own are retried by the queue this many times (each after run_check's own
# retry with a fresh sandbox) before the check is marked failed.
GRADING_RETRIES = 2
RETRY_BACKOFF_MILLISECONDS = (500, 2000)
# Dramatiq looks for dead workers on this share (per million) of its Redis commands; its default
# (1 in 1000) would leave a dead worker's check waiting for many minutes on an idle queue.
MAINTENANCE_CHANCE = 100_000
REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")
SERVER_WAIT_MILLISECONDS = 5_000  # how often a follower that hears nothing asks the store instead

log = logging.getLogger("levelup.worker")


def connect(queue: QueueSettings) -> redis.Redis:
    """A Redis client that rides out a short outage (a restart) by retrying with backoff."""
    client = redis.Redis.from_url(queue.broker_url, **_resilience())
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        where = _shown(queue.broker_url)
        raise HostedError(f"cannot reach the broker at LEVELUP_BROKER_URL ({where}): {exc}") from None
    return client


def _resilience() -> dict[str, Any]:
    return {
        "socket_connect_timeout": 5,
        "health_check_interval": 10,
        "retry": Retry(ExponentialBackoff(cap=1.0, base=0.05), 30),
        "retry_on_error": [redis.ConnectionError, redis.TimeoutError],
    }


def make_broker(queue: QueueSettings, client: redis.Redis) -> RedisBroker:
    from dramatiq.brokers.redis import RedisBroker
    from dramatiq.middleware import CurrentMessage

    broker = RedisBroker(
        client=client,
        namespace=queue.namespace,
        heartbeat_timeout=int(queue.redelivery_seconds * 1000),
        maintenance_chance=MAINTENANCE_CHANCE,
    )
    broker.add_middleware(CurrentMessage())
    broker.declare_queue(QUEUE_NAME)
    return broker


def declare_grading_actor(broker: RedisBroker, grade: Callable[[str], None]) -> Actor[[str], None]:
    import dramatiq

    return dramatiq.Actor(
        grade,
        broker=broker,
        actor_name=ACTOR_NAME,
        queue_name=QUEUE_NAME,
        priority=0,
        options={
            "max_retries": GRADING_RETRIES,
            "min_backoff": RETRY_BACKOFF_MILLISECONDS[0],
            "max_backoff": RETRY_BACKOFF_MILLISECONDS[1],
        },
    )


def enqueue(broker: RedisBroker, request_id: str) -> None:
    """The task carries only the request's id, which is also the message's id."""
    from dramatiq import Message

    broker.enqueue(
        Message(queue_name=QUEUE_NAME, actor_name=ACTOR_NAME, args=(request_id,), kwargs={}, options={},
                message_id=request_id)
    )


def queue_depth(client: redis.Redis, namespace: str) -> int:
    """Checks waiting for a worker (not those being graded)."""
    return int(client.llen(f"{namespace}:{QUEUE_NAME}"))  # type: ignore[arg-type]


# -- the worker's side ----------------------------------------------------------------------------
class GradingWorker:
    """What a worker process does with one message."""

    def __init__(self, settings: Settings, queue: QueueSettings, client: redis.Redis) -> None:
        refuse_local_clock()
        self.service = AttemptService(settings)
        self.service.database  # opened (and migrated) once, before threads share it  # noqa: B018
        self.client = client
        self.namespace = queue.namespace

    def grade(self, request_id: str) -> None:
        from dramatiq.middleware import CurrentMessage

        from levelup.documents import check_summary, test_json
        from levelup.grading.errors import GradingFault

        message = CurrentMessage.get_current_message()
        retries = int(message.options.get("retries", 0)) if message is not None else 0
        started = time.monotonic()
        self._publish(request_id, "started", {"delivery": retries + 1})
        try:
            outcome = self.service.grade_request(
                request_id, on_result=lambda test: self._publish(request_id, "test", test_json(test))
            )
        except Exception as exc:  # every failure here is levelup's, never the candidate's
            cause = exc.cause if isinstance(exc, GradingFault) else (str(exc) or type(exc).__name__)
            if retries < GRADING_RETRIES:
                log.warning("check %s: levelup could not grade it (%s); retrying", request_id, cause)
                raise
            self.service.fail_request(request_id, cause)
            self._publish(request_id, "failed", {"message": f"levelup could not grade this check: {cause}"})
            log.error("check %s: levelup could not grade it after %d tries: %s", request_id, retries + 1, cause)
            return
        self._publish(request_id, "done", check_summary(outcome))
        passed = sum(t.passed for t in outcome.result.tests)
        log.info(
            "check %s attempt %d: %d/%d passed, score %d%s%s, %.2f s",
            request_id, outcome.attempt.id, passed, len(outcome.result.graded_tests), outcome.score,
            "" if outcome.counted else " (not counted)",
            f", unlocked level {outcome.unlocked_level}" if outcome.unlocked_level else "",
            time.monotonic() - started,
        )

    def _publish(self, request_id: str, kind: str, data: dict[str, Any]) -> None:
        """Events are for the candidate's screen; the store is the record. A lost event must not
        lose a graded check (the server falls back on the store when the stream goes quiet)."""
        try:
            events.publish(self.client, self.namespace, request_id, kind, data)
        except redis.RedisError as exc:
            log.warning("check %s: could not publish its %s event (%s)", request_id, kind, exc)


# -- the server's side ----------------------------------------------------------------------------
class QueueCheckStream:
    """One queued check's events, as the browser app's SSE route follows them."""

    def __init__(self, runner: QueueCheckRunner, request_id: str, attempt_id: int) -> None:
        self.id = request_id
        self.attempt_id = attempt_id
        self._runner = runner

    def follow(self, start: int = 0) -> Iterator[tuple[int, str, dict[str, Any]] | None]:
        for item in events.follow(self._runner.client, self._runner.namespace, self.id, start):
            yield self._runner.seen(self, item)

    async def follow_async(self, start: int = 0) -> AsyncIterator[tuple[int, str, dict[str, Any]] | None]:
        follower = events.follow_async(
            self._runner.async_client, self._runner.namespace, self.id, start, SERVER_WAIT_MILLISECONDS
        )
        position = start
        async for item in follower:
            if item is None:  # quiet: if the worker's last event was lost, the store has the verdict
                from_store = await self._runner.ending_from_store(self, position)
                if from_store is not None:
                    yield self._runner.seen(self, from_store)
                    return
            else:
                position = item[0] + 1
            yield self._runner.seen(self, item)


class QueueCheckRunner:
    """The browser app's check runner in hosted mode (the interface of `web.checks.CheckRunner`):
    a check is stored as a request and handed to the grading queue; its events come back through
    Redis. The web process never runs candidate code."""

    def __init__(self, settings: Settings, broker_url: str | None = None, namespace: str | None = None) -> None:
        refuse_local_clock()
        queue = QueueSettings.from_environment() if broker_url is None else QueueSettings(broker_url)
        if namespace is not None:
            queue = QueueSettings(queue.broker_url, namespace, queue.redelivery_seconds)
        self.namespace = queue.namespace
        self.service = AttemptService(settings)
        self.service.database  # opened (and migrated) once, before request threads share it  # noqa: B018
        self.client = connect(queue)
        self.async_client = redis.asyncio.Redis.from_url(queue.broker_url, **_async_resilience())
        self.broker = make_broker(queue, self.client)

    def start(self, attempt_id: int, folder: Path) -> QueueCheckStream:
        request_id = self.service.request_check(folder)
        try:
            events.publish(self.client, self.namespace, request_id, "queued", {"attempt": attempt_id})
            enqueue(self.broker, request_id)
        except Exception as exc:
            self.service.fail_request(request_id, f"the grading queue could not take it ({exc})")
            raise HostedError(f"the grading queue is out of reach ({exc}); nothing was recorded, check again") from exc
        return QueueCheckStream(self, request_id, attempt_id)

    def get(self, check_id: str) -> QueueCheckStream | None:
        if not REQUEST_ID.match(check_id):
            return None
        first = events.first_event(self.client, self.namespace, check_id)
        if first is None or first[0] != "queued":
            return None  # never queued here, or expired
        return QueueCheckStream(self, check_id, int(first[1]["attempt"]))

    def prepare(self, folder: Path) -> None:
        """Nothing to get ready here: workers keep themselves ready."""

    def seen(self, stream: QueueCheckStream, item: events.Event | None) -> events.Event | None:
        """A followed event, as the browser gets it: after a check that unlocked a level, the new
        level's files are put into the workspace (the worker cannot reach this disk)."""
        if item is not None and item[1] == "done":
            if item[2].get("newly_unlocked"):
                self.service.refresh_workspace(stream.attempt_id)
            item[2]["status"] = item[2].get("status", {}) | {"server_time": time.time()}
        return item

    async def ending_from_store(self, stream: QueueCheckStream, position: int) -> events.Event | None:
        import asyncio

        from levelup.documents import check_summary

        status, error = await asyncio.to_thread(self.service.request_status, stream.id)
        if status == "failed":
            return position, "failed", {"message": f"levelup could not grade this check: {error}"}
        if status == "done":
            outcome = await asyncio.to_thread(self.service.request_outcome, stream.id)
            if outcome is not None:
                return position, "done", check_summary(outcome)
        return None

    def close(self) -> None:
        self.client.close()


# Every browser following a check holds a connection while it waits (XREAD BLOCK); redis-py's
# default cap (100) would refuse the 101st follower.
MAX_FOLLOWER_CONNECTIONS = 5000


def _async_resilience() -> dict[str, Any]:
    from redis.asyncio.retry import Retry as AsyncRetry

    return _resilience() | {
        "retry": AsyncRetry(ExponentialBackoff(cap=1.0, base=0.05), 30),
        "max_connections": MAX_FOLLOWER_CONNECTIONS,
    }


def _shown(url: str) -> str:
    return re.sub(r"//[^@/]*@", "//***@", url)  # no password in messages
