"""Workers started ahead of time, so a check does not wait for the sandbox and the interpreter.

Two uses:
- watch mode keeps the next check's worker waiting while the candidate types. It cannot know the
  next code yet, so it imports only the problem's libraries (numpy, say); the check then writes the
  new snapshot into the worker's folder and the candidate's modules are imported on request.
- a single `levelup check` starts its worker on the code snapshot first thing, so the worker
  imports the libraries and the candidate's modules on the second core while the harness loads
  the database layer and pytest.

Every check still gets a fresh process: nothing of an earlier run's state survives.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from levelup.grading.boundary.connection import LaunchedWorker
from levelup.grading.code_folder import new_code_folder, write_code
from levelup.grading.sandbox import SandboxLimits, launch_worker


class WarmWorkers:
    def __init__(self, memory_mb: int, require_isolation: bool, libraries: Sequence[str] = ()) -> None:
        self._limits = SandboxLimits(memory_mb=memory_mb)
        self._require_isolation = require_isolation
        self._libraries = tuple(libraries)
        self._code_dir = new_code_folder()
        self._ready: LaunchedWorker | None = None
        self._snapshot: dict[str, bytes] | None = None  # the code the waiting worker has imported

    @classmethod
    def started_on(
        cls, code: Mapping[str, bytes], modules: Sequence[str], memory_mb: int, libraries: Sequence[str] = ()
    ) -> WarmWorkers:
        """One check's worker, launched now on `code`: it imports `libraries` and then the
        candidate's `modules` while the caller gets on with its own start-up."""
        workers = cls(memory_mb, require_isolation=True, libraries=libraries)
        write_code(workers._code_dir, code)
        workers._snapshot = dict(code)
        try:
            workers._ready = workers._launch(modules)
        except BaseException:
            workers.close()
            raise
        return workers

    @contextmanager
    def code_folder(self, code: Mapping[str, bytes]) -> Iterator[Path]:
        """The folder the check's worker reads `code` from. The next check's worker is started by
        the caller with `prepare_next`, once this check's result is delivered: launching it is
        not part of the check's own time."""
        snapshot, self._snapshot = self._snapshot, None
        if snapshot is None or dict(code) != snapshot:
            if snapshot is not None and self._ready is not None:
                self._ready.kill()  # it has imported other code
                self._ready = None
            write_code(self._code_dir, code)
        yield self._code_dir

    def launch(self) -> LaunchedWorker:
        ready, self._ready = self._ready, None
        if ready is not None and ready.process.poll() is None:
            return ready
        if ready is not None:
            ready.kill()
        return self._launch()

    def prepare_next(self) -> None:
        if self._ready is None:
            self._ready = self._launch()

    def _launch(self, modules: Sequence[str] = ()) -> LaunchedWorker:
        return launch_worker(
            self._code_dir,
            self._limits,
            require_isolation=self._require_isolation,
            libraries=self._libraries,
            modules=modules,
        )

    def close(self) -> None:
        if self._ready is not None:
            self._ready.kill()
            self._ready = None
        shutil.rmtree(self._code_dir.parent, ignore_errors=True)
