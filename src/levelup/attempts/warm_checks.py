"""Checks for a long-running face (the browser app, the daemon `levelup check` hands off to): one
at a time on one thread, each attempt's next worker started ahead of time.

Grading uses both cores, so two checks at once would only slow each other; one thread also keeps
each attempt's `WarmWorkers` used from a single thread, as they require. A worker waits, with the
problem's libraries imported, for each of the few attempts checked most recently (as `levelup
watch` keeps one), so a check starts at once. Every check still gets a fresh worker process:
nothing of an earlier run's state survives (see `levelup.grading.warm`).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from levelup.attempts import workspace
from levelup.attempts.service import AttemptService, CheckOutcome

if TYPE_CHECKING:
    from levelup.grading.results import TestResult
    from levelup.grading.warm import WarmWorkers

KEPT = 3  # attempts with a worker waiting


class WarmChecks:
    def __init__(self, service: AttemptService) -> None:
        self.service = service
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="levelup-check")
        self._workers: dict[int, WarmWorkers] = {}  # by attempt id, most recently used last

    def submit(self, folder: Path, on_result: Callable[[TestResult], None] | None = None) -> Future[CheckOutcome]:
        """Grade the workspace at `folder` (see `AttemptService.check`) on the checks' thread."""
        return self._thread.submit(self._check, folder, on_result)

    def check(self, folder: Path, on_result: Callable[[TestResult], None] | None = None) -> CheckOutcome:
        return self.submit(folder, on_result).result()

    def prepare(self, folder: Path) -> None:
        """Start a worker for the next check of `folder` now (say, when its page opens)."""
        self._thread.submit(self._prepare_quietly, folder)

    def close(self) -> None:
        """Stop the waiting workers, after the check in progress (if any) is recorded."""
        self._thread.shutdown(wait=True, cancel_futures=True)
        self._close_workers()

    def _check(self, folder: Path, on_result: Callable[[TestResult], None] | None) -> CheckOutcome:
        return self.service.check(folder, warm=self._workers_for(folder), on_result=on_result)

    def _workers_for(self, folder: Path) -> WarmWorkers | None:
        """The attempt's waiting worker. The key is the attempt the folder's marker names: the
        check itself then proves the folder is that attempt's workspace before anything runs."""
        try:
            attempt_id = workspace.read_marker(workspace.find_workspace(folder)).attempt_id
        except workspace.WorkspaceError:
            return None  # the check reports what is wrong with the folder
        workers = self._workers.pop(attempt_id, None)
        if workers is None:
            workers = self.service.warm_workers(folder)
            workers.prepare_next()
        self._workers[attempt_id] = workers
        while len(self._workers) > KEPT:
            self._workers.pop(next(iter(self._workers))).close()
        return workers

    def _prepare_quietly(self, folder: Path) -> None:
        try:
            self._workers_for(folder)
        except Exception:  # a worker that cannot start now is started by the check, which says why
            pass

    def _close_workers(self) -> None:
        for workers in self._workers.values():
            workers.close()
        self._workers.clear()
