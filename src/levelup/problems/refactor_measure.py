"""Refactor pressure: how much of level n's reference solution level n+1's reference rewrites.

The progressive assessment's point is that a later level breaks the quick first design. This
measures it on the reference solutions: for each transition L(n)→L(n+1), the share of level n's
code lines (blank lines and `#` comments aside, summed over the solution's `.py` files) that
level n+1's reference changes or removes, as `difflib` aligns the two versions of each file. Lines
only added by level n+1 do not count: growing by appending functions is not a refactor. A file
that level n+1 drops counts as removed entirely.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# The house style asks that at least one transition of every package reaches this share.
REFACTOR_THRESHOLD = 0.25


@dataclass(frozen=True)
class Transition:
    from_level: int
    to_level: int
    changed_lines: int  # level from_level's code lines that the next reference changes or removes
    total_lines: int  # level from_level's code lines

    @property
    def changed_share(self) -> float:
        return self.changed_lines / self.total_lines if self.total_lines else 0.0

    def as_json(self) -> dict[str, float | int]:
        return {"from": self.from_level, "to": self.to_level, "changed_share": round(self.changed_share, 3)}


def code_lines(source: str) -> list[str]:
    """The lines that count: not blank, not a whole-line `#` comment, trailing whitespace dropped."""
    lines = (line.rstrip() for line in source.splitlines())
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def changed_lines(before: str, after: str | None) -> tuple[int, int]:
    """(lines of `before` that `after` changes or removes, code lines of `before`)."""
    old = code_lines(before)
    if after is None:
        return len(old), len(old)
    matcher = difflib.SequenceMatcher(None, old, code_lines(after), autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    return len(old) - kept, len(old)


def transition(from_level: int, before: Mapping[str, str], after: Mapping[str, str]) -> Transition:
    """Compare two references given as {relative path: source}."""
    changed = total = 0
    for name, source in before.items():
        file_changed, file_total = changed_lines(source, after.get(name))
        changed += file_changed
        total += file_total
    return Transition(from_level, from_level + 1, changed, total)


def solution_sources(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py"))}


def refactor_pressure(solution_folders: list[Path]) -> list[Transition]:
    """One transition per consecutive pair of reference folders (levels 1..N in order)."""
    sources = [solution_sources(folder) for folder in solution_folders]
    return [transition(n, sources[n - 1], sources[n]) for n in range(1, len(sources))]


def summary_line(figures: Sequence[Mapping[str, float | int]]) -> str:
    """`refactor pressure: L1→2 31%, L2→3 12%, L3→4 40%` from the transitions' `as_json()` figures."""
    shares = ", ".join(f"L{f['from']}→{f['to']} {f['changed_share']:.0%}" for f in figures)
    return f"refactor pressure: {shares or 'no transitions'}"
