"""Start a check's worker before the database layer and pytest are even imported.

A fresh `levelup check` spends its first few hundred milliseconds importing SQLAlchemy and pytest,
and the sandboxed worker needs neither. So the check first reads only the workspace (its marker
names the problem) and the problem package, takes the code snapshot and launches the worker,
which imports the problem's libraries and the candidate's modules on the other core meanwhile.
The attempt service then grades exactly that snapshot, once the database has confirmed the
problem.

It starts early only when every sandbox layer is active, so the candidate's code never runs with
less isolation than the attempt's mode (which only the database knows) would demand. Anything
unexpected means no head start: the check itself then reports what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from levelup.attempts import workspace
from levelup.grading.errors import GradingError, SandboxUnavailable
from levelup.grading.warm import WarmWorkers
from levelup.problems.catalog import Catalog
from levelup.problems.errors import ProblemError
from levelup.problems.libraries import libraries_used
from levelup.settings import Settings


@dataclass(frozen=True)
class EarlyCheck:
    slug: str  # from the workspace's marker: the service grades with it only if the database agrees
    code: dict[str, bytes]  # the snapshot the worker has imported
    workers: WarmWorkers


@contextmanager
def early_check(folder: Path, settings: Settings) -> Iterator[EarlyCheck | None]:
    """The started worker and its code snapshot, or None when starting early is not possible."""
    early = _start(folder, settings)
    try:
        yield early
    finally:
        if early is not None:
            early.workers.close()


def _start(folder: Path, settings: Settings) -> EarlyCheck | None:
    from levelup.grading.sandbox import missing_layers

    try:
        root = workspace.find_workspace(folder)
        marker = workspace.read_marker(root)
        if not marker.slug or missing_layers():
            return None
        problem = Catalog(settings.problem_library).get(marker.slug)
        code = workspace.read_code(root)
        workers = WarmWorkers.started_on(code, problem.modules, problem.memory_mb, libraries_used(problem))
    except (workspace.WorkspaceError, ProblemError, GradingError, SandboxUnavailable, OSError):
        return None
    return EarlyCheck(problem.slug, code, workers)
