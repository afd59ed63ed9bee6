"""What a check produces: one result per test, plus whether the candidate's code imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# "skipped": skipped by the test's author (a skip mark, unittest's skip decorators); such a test
# is shown but not graded. A skip that came from running the candidate's code is an "error".
NOT_IMPORTED = "not run: your code could not be imported (the reason is shown once, above the tests)"
TestStatus = Literal["passed", "failed", "error", "skipped"]


@dataclass(frozen=True)
class TestResult:
    name: str  # "test_level_1.py::test_deposit" (file inside its level folder :: test)
    level: int
    visible: bool
    status: TestStatus
    # What a hidden test shows is limited (see `levelup.grading.plugin`): no expected values, no
    # diff, no test source and no output; visible tests show all of it.
    message: str = ""  # one line saying why it did not pass (raw text: faces filter it for display)
    details: str = ""  # visible tests: assertion diff / trimmed traceback; hidden: your code's frames only
    output: str = ""  # what your code printed during a visible test (capped); empty for hidden tests
    duration: float = 0.0
    loaded: bool = True  # False: the test's file could not be loaded, so the test never ran

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def graded(self) -> bool:
        """False for a test its author skipped: it counts neither as passed nor in the total."""
        return self.status != "skipped"


@dataclass(frozen=True)
class CheckResult:
    tests: tuple[TestResult, ...]
    levels: tuple[int, ...]
    import_error: str | None = None
    warnings: tuple[str, ...] = field(default=())
    duration: float = 0.0
    boundary_calls: int = 0  # calls the tests made into the candidate's process

    def for_level(self, level: int) -> list[TestResult]:
        """Every test of the level, author-skipped ones included (use `graded_for_level` to count)."""
        return [t for t in self.tests if t.level == level]

    def graded_for_level(self, level: int) -> list[TestResult]:
        return [t for t in self.tests if t.level == level and t.graded]

    @property
    def graded_tests(self) -> list[TestResult]:
        return [t for t in self.tests if t.graded]

    def level_passed(self, level: int) -> bool:
        tests = self.graded_for_level(level)
        return bool(tests) and all(t.passed for t in tests)

    @property
    def all_passed(self) -> bool:
        graded = self.graded_tests
        return bool(graded) and all(t.passed for t in graded)
