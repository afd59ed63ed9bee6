"""Hints that come with a level (`levels/N/hints.md`: implementation advice a spec leaves out, or an
Exercism exercise's hints written by `levelup import exercism`), shown on demand by
`levelup hints` for levels the attempt has unlocked."""

from __future__ import annotations

from levelup.problems.errors import ProblemError
from levelup.problems.model import Problem


class NoHints(ProblemError):
    """The level asked for has no hints, or is not unlocked yet."""


def level_hints(problem: Problem, level: int, unlocked: int) -> str:
    if not 1 <= level <= problem.level_count:
        raise NoHints(f"{problem.slug} has levels 1..{problem.level_count}; there is no level {level}")
    if level > unlocked:
        raise NoHints(f"level {level} is still locked: its hints open with it (you are on level {unlocked})")
    path = problem.level(level).path / "hints.md"
    if not path.is_file():
        raise NoHints(f"{problem.slug} has no hints for level {level}: its spec is all there is")
    return path.read_text(encoding="utf-8")
