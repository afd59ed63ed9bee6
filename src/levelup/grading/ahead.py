"""Grading in a forked child, started before the caller knows for sure what to grade.

A cold `levelup check` needs the database to know which levels to grade, and loading the database
layer (SQLAlchemy) takes about a third of its time. The workspace remembers the problem and levels
of the last check, so a child forked first thing grades those: it launches the worker (which
imports the candidate's code), imports pytest and runs the tests, on the second core, while the
parent loads the database. If the database agrees, the parent takes the child's result; if not,
it cancels the child and grades itself.

The child is as trusted as the parent (it is levelup's own code; the candidate's code runs in the
sandboxed worker as in every check). It stores nothing: the parent records the result.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Mapping, Sequence
from typing import NoReturn

from levelup.grading.results import CheckResult
from levelup.problems.model import Problem


class GradingAhead:
    def __init__(self, pid: int, result_fd: int, levels: tuple[int, ...]) -> None:
        self._pid = pid
        self._result_fd = result_fd
        self.levels = levels
        self._finished = False

    @classmethod
    def start(
        cls, load_problem: Callable[[], Problem], code: Mapping[str, bytes], levels: Sequence[int]
    ) -> GradingAhead:
        """Fork a child that loads the problem and grades `code` against `levels`. It grades only
        with every sandbox layer active, so the candidate's code never runs with less isolation
        than the attempt's mode (known only to the database) would demand."""
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _grade_in_child(load_problem, dict(code), list(levels), write_fd)
        os.close(write_fd)
        return cls(pid, read_fd, tuple(levels))

    def result(self) -> CheckResult | None:
        """Wait for the child's result; None if it could not grade (the caller then grades)."""
        chunks = []
        try:
            while chunk := os.read(self._result_fd, 1 << 20):
                chunks.append(chunk)
        except BaseException:  # interrupted while waiting: stop the child too
            self.cancel()
            raise
        status = self._reap()
        if status != 0 or not chunks:
            return None
        result = pickle.loads(b"".join(chunks))  # noqa: S301 - written by our own child process
        return result if isinstance(result, CheckResult) else None

    def cancel(self) -> None:
        """Stop the child (it cleans up its worker) and wait for it."""
        if not self._finished:
            try:
                os.kill(self._pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self._reap()

    def _reap(self) -> int:
        if self._finished:
            return -1
        self._finished = True
        os.close(self._result_fd)
        _, status = os.waitpid(self._pid, 0)
        return os.waitstatus_to_exitcode(status)


def _stop(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt  # what pytest stops on; the clean-up below still runs


def _grade_in_child(
    load_problem: Callable[[], Problem], code: dict[str, bytes], levels: list[int], result_fd: int
) -> NoReturn:
    status = 1
    try:
        signal.signal(signal.SIGTERM, _stop)  # unwinds through the clean-up below
        from levelup.grading.sandbox import missing_layers
        from levelup.grading.warm import WarmWorkers
        from levelup.problems.libraries import libraries_used

        problem = load_problem()
        if missing_layers() or max(levels) > problem.level_count:
            raise SystemExit(1)

        workers = WarmWorkers.started_on(code, problem.modules, problem.memory_mb, libraries_used(problem))
        try:
            from levelup.grading.harness import run_check  # pytest loads while the worker starts

            result = run_check(problem, code, levels, require_isolation=True, warm=workers)
        finally:
            workers.close()
        with os.fdopen(result_fd, "wb") as pipe:
            pipe.write(pickle.dumps(result))
        status = 0
    except BaseException:  # noqa: BLE001 - the parent grades itself when the child could not
        status = 1
    finally:
        os._exit(status)
