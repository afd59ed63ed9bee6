"""Checks started from the browser run one at a time on a worker thread (grading uses both
cores); their results are published as a list of events that Server-Sent Events replay from any
position, so a reconnecting browser misses nothing."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_KEPT_CHECKS = 50
WAIT_SECONDS = 15.0  # a keep-alive comment at least this often


@dataclass
class CheckStream:
    id: str
    attempt_id: int
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    finished: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, kind: str, data: dict[str, Any], last: bool = False) -> None:
        with self.changed:
            self.events.append((kind, data))
            self.finished = self.finished or last
            self.changed.notify_all()

    def follow(self, start: int = 0) -> Iterator[list[tuple[int, str, dict[str, Any]]]]:
        """Events from `start` on as they come, every event published meanwhile in one batch (an
        empty batch: nothing new for a while, send a keep-alive)."""
        position = start
        while True:
            with self.changed:
                if position >= len(self.events) and not self.finished:
                    self.changed.wait(WAIT_SECONDS)
                batch = self.events[position:]
                finished = self.finished
            if batch or not finished:
                yield [(position + offset, kind, data) for offset, (kind, data) in enumerate(batch)]
            position += len(batch)
            if finished and position >= len(self.events):
                return

    async def follow_async(self, start: int = 0) -> AsyncIterator[tuple[int, str, dict[str, Any]] | None]:
        """`follow` for an async server, an event at a time (None: send a keep-alive); one thread
        hop per batch of events, not per event."""
        follower = self.follow(start)
        while True:
            batch = await asyncio.to_thread(next, follower, None)
            if batch is None:
                return
            if not batch:
                yield None
            for item in batch:
                yield item


class CheckRunner:
    def __init__(
        self,
        grade: Callable[[Path, Callable[[dict[str, Any]], None]], dict[str, Any]],
        prepare: Callable[[Path], None] | None = None,
    ) -> None:
        """`grade(folder, on_test)` grades a workspace, calling on_test with each test's result as
        it is known, and returns the check's summary; `prepare(folder)` gets a worker ready for
        that workspace's next check."""
        self._grade = grade
        self._prepare = prepare
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="levelup-check")
        self._streams: dict[str, CheckStream] = {}
        self._lock = threading.Lock()

    def start(self, attempt_id: int, folder: Path) -> CheckStream:
        stream = CheckStream(uuid.uuid4().hex, attempt_id)
        with self._lock:
            self._streams[stream.id] = stream
            while len(self._streams) > MAX_KEPT_CHECKS:
                self._streams.pop(next(iter(self._streams)))
        stream.publish("queued", {"attempt": attempt_id})
        self._executor.submit(self._run, stream, folder)
        return stream

    def prepare(self, folder: Path) -> None:
        if self._prepare is not None:
            self._prepare(folder)

    def get(self, check_id: str) -> CheckStream | None:
        with self._lock:
            return self._streams.get(check_id)

    def _run(self, stream: CheckStream, folder: Path) -> None:
        stream.publish("started", {})
        try:
            summary = self._grade(folder, lambda test: stream.publish("test", test))
        except Exception as exc:  # a domain error (expired, no sandbox, store) reaches the page as text
            stream.publish("failed", {"message": str(exc) or type(exc).__name__}, last=True)
            return
        stream.publish("done", summary, last=True)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
