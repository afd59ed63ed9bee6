"""Warm workers for watch mode: the next check's worker is started while the candidate types.

The worker only imports the candidate's code when the check asks it to, so it can be started
ahead of time on a stable folder; the check then writes the new snapshot into that folder and
uses the waiting worker. Every check still gets a fresh process: nothing of the previous run's
state survives.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from levelup.grading.boundary.connection import LaunchedWorker
from levelup.grading.code_folder import new_code_folder, write_code
from levelup.grading.sandbox import SandboxLimits, launch_worker


class WarmWorkers:
    def __init__(self, memory_mb: int, require_isolation: bool) -> None:
        self._limits = SandboxLimits(memory_mb=memory_mb)
        self._require_isolation = require_isolation
        self._code_dir = new_code_folder()
        self._ready: LaunchedWorker | None = None

    @contextmanager
    def code_folder(self, code: Mapping[str, bytes]) -> Iterator[Path]:
        write_code(self._code_dir, code)
        try:
            yield self._code_dir
        finally:
            self.prepare_next()

    def launch(self) -> LaunchedWorker:
        ready, self._ready = self._ready, None
        if ready is not None and ready.process.poll() is None:
            return ready
        if ready is not None:
            ready.kill()
        return launch_worker(self._code_dir, self._limits, require_isolation=self._require_isolation)

    def prepare_next(self) -> None:
        if self._ready is None:
            self._ready = launch_worker(self._code_dir, self._limits, require_isolation=self._require_isolation)

    def close(self) -> None:
        if self._ready is not None:
            self._ready.kill()
            self._ready = None
        shutil.rmtree(self._code_dir.parent, ignore_errors=True)
