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
        delivered: Future[CheckOutcome] = Future()
        self._thread.submit(self._check, folder, on_result, delivered)
        return delivered

    def check(self, folder: Path, on_result: Callable[[TestResult], None] | None = None) -> CheckOutcome:
        return self.submit(folder, on_result).result()

    def prepare(self, folder: Path) -> None:
        """Start a worker for the next check of `folder` now (say, when its page opens)."""
        self._thread.submit(self._prepare_quietly, lambda: self._prepare(folder))

    def close(self) -> None:
        """Stop the waiting workers, after the checks asked for (if any) are recorded."""
        self._thread.shutdown(wait=True)
        self._close_workers()

    def _check(
        self, folder: Path, on_result: Callable[[TestResult], None] | None, delivered: Future[CheckOutcome]
    ) -> None:
        """The check, then (its outcome delivered) the attempt's next worker."""
        if not delivered.set_running_or_notify_cancel():
            return
        workers = None
        try:
            workers = self._workers_for(folder)
            delivered.set_result(self.service.check(folder, warm=workers, on_result=on_result))
        except BaseException as exc:  # KeyboardInterrupt too: the check was abandoned
            delivered.set_exception(exc)
        if workers is not None:
            self._prepare_quietly(workers.prepare_next)

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
        self._workers[attempt_id] = workers
        while len(self._workers) > KEPT:
            self._workers.pop(next(iter(self._workers))).close()
        return workers

    def _prepare(self, folder: Path) -> None:
        workers = self._workers_for(folder)
        if workers is not None:
            workers.prepare_next()

    @staticmethod
    def _prepare_quietly(prepare: Callable[[], object]) -> None:
        try:
            prepare()
        except Exception:  # a worker that cannot start now is started by the check, which says why
            pass

    def _close_workers(self) -> None:
        for workers in self._workers.values():
            workers.close()
        self._workers.clear()
