"""Immutable models of a loaded problem package (see docs/problem-format.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_LEVEL_WEIGHTS = (100, 200, 300, 400)
DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_CHECK_SECONDS = 300.0
DEFAULT_MEMORY_MB = 1024
DEFAULT_MINUTES = 90


@dataclass(frozen=True)
class Level:
    number: int
    title: str
    path: Path
    visible_tests: tuple[Path, ...]
    hidden_tests: tuple[Path, ...]

    @property
    def spec(self) -> str:
        return (self.path / "spec.md").read_text(encoding="utf-8")

    @property
    def solution_dir(self) -> Path:
        return self.path / "solution"

    @property
    def test_files(self) -> tuple[Path, ...]:
        return self.visible_tests + self.hidden_tests

    @property
    def test_data(self) -> tuple[Path, ...]:
        """Data files the visible tests open from their own folder, and the helper modules they
        import from it (any other `.py` file there); they travel with the tests."""
        folder = self.path / "tests"
        if not folder.is_dir():
            return ()
        return tuple(
            p
            for p in sorted(folder.iterdir())
            if p.is_file() and p.name[0] != "." and not (p.suffix == ".py" and p in self.visible_tests)
        )


@dataclass(frozen=True)
class Problem:
    slug: str
    title: str
    summary: str
    topics: tuple[str, ...]
    minutes: int
    modules: tuple[str, ...]
    level_weights: tuple[int, ...]
    timeout_seconds: float
    memory_mb: int
    path: Path
    levels: tuple[Level, ...]
    origin: str  # "bundled" or "library"
    check_seconds: float = DEFAULT_CHECK_SECONDS  # wall-clock limit for a whole check

    @property
    def starter_dir(self) -> Path:
        return self.path / "starter"

    @property
    def level_count(self) -> int:
        return len(self.levels)

    def level(self, number: int) -> Level:
        if not 1 <= number <= len(self.levels):
            raise KeyError(number)
        return self.levels[number - 1]

    def weight(self, number: int) -> int:
        return self.level_weights[number - 1]
