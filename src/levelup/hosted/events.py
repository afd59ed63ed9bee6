"""A check's events (queued, started, one per test, done or failed) as a Redis stream per check
request: the worker appends, the server's SSE route reads with XREAD BLOCK from any position, so a
reconnecting browser misses nothing. A stream is capped and expires an hour after its last event."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import redis
import redis.asyncio

MAX_EVENTS = 2000  # far more than a check's tests; a cap so a runaway stream cannot fill Redis
KEPT_SECONDS = 3600
WAIT_MILLISECONDS = 15_000  # a keep-alive at least this often
LAST_KINDS = ("done", "failed")

Event = tuple[int, str, dict[str, Any]]


def stream_key(namespace: str, request_id: str) -> str:
    return f"{namespace}:check-events:{request_id}"


def publish(client: redis.Redis, namespace: str, request_id: str, kind: str, data: dict[str, Any]) -> None:
    key = stream_key(namespace, request_id)
    with client.pipeline() as pipe:
        pipe.xadd(key, {"kind": kind, "data": json.dumps(data)}, maxlen=MAX_EVENTS, approximate=True)
        pipe.expire(key, KEPT_SECONDS)
        pipe.execute()


def _decoded(fields: dict[Any, Any]) -> tuple[str, dict[str, Any]]:
    def text(value: Any) -> str:
        return value.decode() if isinstance(value, bytes) else str(value)

    values = {text(k): text(v) for k, v in fields.items()}
    return values["kind"], json.loads(values["data"])


def first_event(client: redis.Redis, namespace: str, request_id: str) -> tuple[str, dict[str, Any]] | None:
    entries: Any = client.xrange(stream_key(namespace, request_id), count=1)
    return _decoded(entries[0][1]) if entries else None


class _Reader:
    """Turns stream entries into numbered events. A check graded again (its worker died, or
    levelup's own fault was retried) streams its tests again: only each test's first result is
    passed on, so the browser does not list a test twice; positions stay those of the stream."""

    def __init__(self, start: int) -> None:
        self.start, self.position, self.last_id, self.finished = start, 0, "0-0", False
        self._tests_seen: set[str] = set()

    def take(self, entries: list[tuple[Any, dict[Any, Any]]]) -> list[Event]:
        events: list[Event] = []
        for entry_id, fields in entries:
            self.last_id = entry_id
            kind, data = _decoded(fields)
            repeated = kind == "test" and data.get("name") in self._tests_seen
            if kind == "test":
                self._tests_seen.add(str(data.get("name")))
            if self.position >= self.start and not repeated:
                events.append((self.position, kind, data))
            self.position += 1
            if kind in LAST_KINDS:
                self.finished = True
                break
        return events


def follow(client: redis.Redis, namespace: str, request_id: str, start: int = 0) -> Iterator[Event | None]:
    """Events from position `start` on as they come (None: nothing new for a while); ends after
    the last event, or when the stream has expired."""
    key, reader = stream_key(namespace, request_id), _Reader(start)
    while not reader.finished:
        reply: Any = client.xread({key: reader.last_id}, count=100, block=WAIT_MILLISECONDS)
        if not reply:
            if not client.exists(key):
                return
            yield None
            continue
        yield from reader.take(reply[0][1])


async def follow_async(
    client: redis.asyncio.Redis, namespace: str, request_id: str, start: int = 0, wait_ms: int = WAIT_MILLISECONDS
) -> AsyncIterator[Event | None]:
    """As `follow`, without holding a thread while it waits (a server follows many checks)."""
    key, reader = stream_key(namespace, request_id), _Reader(start)
    while not reader.finished:
        reply: Any = await client.xread({key: reader.last_id}, count=100, block=wait_ms)
        if not reply:
            if not await client.exists(key):
                return
            yield None
            continue
        for event in reader.take(reply[0][1]):
            yield event
