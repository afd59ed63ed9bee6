"""What a check produces: one result per test, plus whether the candidate's code imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

TestStatus = Literal["passed", "failed", "error"]


@dataclass(frozen=True)
class TestResult:
    name: str  # "test_level_1.py::test_deposit" (file inside its level folder :: test)
    level: int
    visible: bool
    status: TestStatus
    message: str = ""  # one line saying why it did not pass
    details: str = ""  # visible tests: assertion diff / trimmed traceback; hidden: your code's frames only
    output: str = ""  # what your code printed during the test (capped)
    duration: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass(frozen=True)
class CheckResult:
    tests: tuple[TestResult, ...]
    levels: tuple[int, ...]
    import_error: str | None = None
    warnings: tuple[str, ...] = field(default=())
    duration: float = 0.0
    boundary_calls: int = 0  # calls the tests made into the candidate's process

    def for_level(self, level: int) -> list[TestResult]:
        return [t for t in self.tests if t.level == level]

    def level_passed(self, level: int) -> bool:
        tests = self.for_level(level)
        return bool(tests) and all(t.passed for t in tests)

    @property
    def all_passed(self) -> bool:
        return bool(self.tests) and all(t.passed for t in self.tests)
