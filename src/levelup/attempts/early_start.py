"""Start grading before the database layer is even imported.

A fresh `levelup check` spends about a third of its time importing SQLAlchemy, and only then
learns from the database which levels to grade. The workspace's marker remembers the problem and
the levels of the last check, so the check first reads only the workspace and the problem
package, takes the code snapshot and forks a child that grades those levels (see
`levelup.grading.ahead`) on the second core while this process loads the database. The attempt
service takes the child's result only when the database names the same problem and levels;
otherwise it cancels the child and grades itself. Either way the snapshot taken here is what is
graded and stored.

Grading ahead happens only when every sandbox layer is active, so the candidate's code never runs
with less isolation than the attempt's mode (which only the database knows) would demand.
Anything unexpected means no head start: the check itself then reports what is wrong.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from levelup.attempts import workspace
from levelup.attempts.clock import ClockError, now
from levelup.grading.ahead import GradingAhead
from levelup.grading.results import CheckResult
from levelup.problems.catalog import Catalog
from levelup.settings import Settings


@dataclass
class EarlyCheck:
    slug: str  # from the workspace's marker: used only if the database agrees
    code: dict[str, bytes]  # the snapshot taken when the command started
    taken_at: datetime  # when that snapshot was complete: the check's moment on the attempt clock
    ahead: GradingAhead

    def result_for(self, slug: str, levels: list[int]) -> CheckResult | None:
        """The child's result if it graded what the database says to grade, else None."""
        if slug != self.slug or tuple(levels) != self.ahead.levels:
            self.ahead.cancel()
            return None
        return self.ahead.result()


_begun: tuple[Path, EarlyCheck | None] | None = None  # started by the entry point, for `check`


def begin(folder: Path) -> None:
    """Start grading `folder` now, for the `check` command that is about to be parsed. If the
    command never runs (a usage error), the child is cancelled when the process exits."""
    global _begun
    early = _start(folder)
    if early is not None:
        atexit.register(early.ahead.cancel)
    _begun = (folder, early)


@contextmanager
def early_check(folder: Path) -> Iterator[EarlyCheck | None]:
    """A check already grading the workspace's code, or None when that is not possible."""
    global _begun
    begun, _begun = _begun, None
    if begun is not None and begun[0] == folder:
        early = begun[1]
    else:
        if begun is not None and begun[1] is not None:
            begun[1].ahead.cancel()
        early = _start(folder)
    try:
        yield early
    finally:
        if early is not None:
            early.ahead.cancel()


def _start(folder: Path) -> EarlyCheck | None:
    try:
        root = workspace.find_workspace(folder)
        marker = workspace.read_marker(root)
        if not marker.slug or marker.level < 1:
            return None
        code = workspace.read_code(root)
        taken_at = now()  # read after the snapshot: code written after time ran out is not counted
    except (workspace.WorkspaceError, OSError, ClockError):
        return None
    library = Settings.from_environment().problem_library
    levels = list(range(1, marker.level + 1))
    ahead = GradingAhead.start(lambda: Catalog(library).get(marker.slug), code, levels)
    return EarlyCheck(marker.slug, code, taken_at, ahead)
