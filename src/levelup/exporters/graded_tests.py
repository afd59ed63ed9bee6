"""What the exporters need to know about each graded test beyond its result: its name in parts,
where it sits in its file, and its code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from levelup.grading.results import TestResult
from levelup.importers.testsource import test_bodies
from levelup.problems.model import Problem


@dataclass(frozen=True)
class TestName:
    """`test_level_1.py::Level1Tests::test_deposit[big]` in parts."""

    file: str
    class_name: str | None
    function: str  # without the parameters
    parameters: str  # "[big]", or ""

    @classmethod
    def parse(cls, name: str) -> TestName:
        file, _, rest = name.partition("::")
        parts = rest.split("::") if rest else []
        function, bracket, parameters = (parts[-1] if parts else "").partition("[")
        return cls(file, parts[-2] if len(parts) >= 2 else None, function, bracket + parameters)

    @property
    def loaded(self) -> bool:
        """False for the result that stands for a whole test file that could not be loaded."""
        return bool(self.function)

    @property
    def module(self) -> str:
        return self.file.removesuffix(".py")


def file_loaded(test: TestResult) -> bool:
    """False for a test whose file could not be loaded (one result per test it holds, or, in
    results recorded before those were counted, one result named after the file)."""
    return test.loaded and TestName.parse(test.name).loaded


class TestSources:
    """The problem's test files, read once each (file names are unique within a package)."""

    def __init__(self, problem: Problem) -> None:
        self._paths = {path.name: path for level in problem.levels for path in level.test_files}
        self._positions = {path.name: i for level in problem.levels for i, path in enumerate(level.test_files)}
        self._bodies: dict[str, dict[tuple[str | None, str], tuple[int, str]]] = {}

    def _tests_of(self, file: str) -> dict[tuple[str | None, str], tuple[int, str]]:
        if file not in self._bodies:
            path = self._paths.get(file)
            try:
                self._bodies[file] = test_bodies(path.read_text(encoding="utf-8")) if path else {}
            except (OSError, SyntaxError, ValueError):
                self._bodies[file] = {}
        return self._bodies[file]

    def code(self, test: TestResult) -> str:
        """The test's body; empty for a file that could not be loaded or a test not found."""
        name = TestName.parse(test.name)
        return self._tests_of(name.file).get((name.class_name, name.function), (0, ""))[1]

    def in_file_order(self, tests: Iterable[TestResult]) -> list[TestResult]:
        """Level by level, files in the order the level lists them (visible, then hidden), each
        file's tests in the order they are written (pytest runs unittest methods alphabetically)."""

        def position(test: TestResult) -> tuple[int, bool, int, int]:
            name = TestName.parse(test.name)
            line = self._tests_of(name.file).get((name.class_name, name.function), (0, ""))[0]
            return (test.level, not test.visible, self._positions.get(name.file, 0), line)

        return sorted(tests, key=position)
