"""The levelup pytest plugin: turns pytest's reports into `TestResult`s.

It sets each test's deadline on the boundary, attributes the candidate's output to the test that
produced it, and decides what a candidate may see: visible tests get pytest's assertion diff,
hidden tests a one-line reason. It never parses pytest's terminal output.
"""

from __future__ import annotations

import linecache
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from levelup.grading.boundary.connection import Boundary
from levelup.grading.boundary.failures import CandidateProcessError
from levelup.grading.results import TestResult

MAX_MESSAGE_CHARS = 300
MAX_DETAILS_CHARS = 4000


@dataclass(frozen=True)
class TestFileInfo:
    level: int
    visible: bool


@dataclass
class _Phases:
    status: str = "passed"
    message: str = ""
    details: str = ""
    started: float = field(default_factory=time.monotonic)


class LevelupPlugin:
    def __init__(self, boundary: Boundary, files: dict[Path, TestFileInfo], default_timeout: float) -> None:
        self._boundary = boundary
        # Test file names are unique within a package, and pytest reports some paths relative to
        # its rootdir, so files are known by name.
        self._files = {path.name: info for path, info in files.items()}
        self._default_timeout = default_timeout
        self._phases: dict[str, _Phases] = {}
        self.results: list[TestResult] = []

    def pytest_configure(self, config: pytest.Config) -> None:
        # Failure details are built from the exception itself; pytest's long tracebacks would parse
        # the test file's source for every failure. (--tb belongs to the terminal plugin, which
        # the harness turns off.)
        config.option.tbstyle = "line"
        config.addinivalue_line("markers", "timeout(seconds): wall-clock limit for one test")
        config.addinivalue_line("markers", "task(taskno): Exercism task number")

    def _info(self, path: Path) -> TestFileInfo:
        return self._files.get(path.name, TestFileInfo(level=0, visible=False))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        marker = item.get_closest_marker("timeout")
        limit = float(marker.args[0]) if marker and marker.args else self._default_timeout
        self._boundary.take_output()
        self._boundary.deadline = time.monotonic() + limit
        self._boundary.deadline_label = f"the {limit:g} s limit for this test"
        self._phases[item.nodeid] = _Phases()
        try:
            yield
        finally:
            self._boundary.deadline = None
            breach = self._boundary.channel_breach_error()
            phases = self._phases[item.nodeid]
            if breach is not None and phases.status == "passed":
                phases.status, phases.message = "error", str(breach)
            self._finish(item)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        phases = self._phases.get(item.nodeid)
        if phases is None or phases.status != "passed":
            return
        if report.failed:
            info = self._info(item.path)
            phases.status, phases.message, phases.details = _describe_failure(call, item.path, info.visible)
        elif report.skipped and call.when == "call":
            phases.status, phases.message = "error", "the test was skipped, which counts as not passed"

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and report.nodeid:
            path = Path(report.nodeid.split("::", 1)[0])
            info = self._info(path)
            text = report.longreprtext
            self.results.append(
                TestResult(
                    name=path.name,
                    level=info.level,
                    visible=info.visible,
                    status="error",
                    message="the test file could not be loaded: " + _last_line(text),
                    details=text if info.visible else "",
                )
            )

    def _finish(self, item: pytest.Item) -> None:
        phases = self._phases.pop(item.nodeid)
        info = self._info(item.path)
        test_id = item.nodeid.split("::", 1)[1] if "::" in item.nodeid else item.nodeid
        self.results.append(
            TestResult(
                name=f"{item.path.name}::{test_id}",
                level=info.level,
                visible=info.visible,
                status=phases.status,  # type: ignore[arg-type]
                message=phases.message,
                details=phases.details,
                output=self._boundary.take_output(),
                duration=time.monotonic() - phases.started,
            )
        )


def _describe_failure(call: pytest.CallInfo[None], test_path: Path, visible: bool) -> tuple[str, str, str]:
    """(status, one-line message, details) for a failed phase. Details are built from the exception
    (assertion rewriting puts the diff in its message), never from pytest's long tracebacks."""
    excinfo = call.excinfo
    error = excinfo.value if excinfo is not None else None
    remote = getattr(error, "levelup_remote", None)
    where = "" if call.when == "call" else f" (during test {call.when})"
    location = _test_location(excinfo, test_path) if visible else ""
    if isinstance(error, CandidateProcessError):
        details = remote.traceback if remote else ""
        return "error", _one_line(str(error)) + where, details
    if remote is not None:
        message = (
            f"your code raised {remote.type_name}: {remote.message}"
            if remote.message
            else f"your code raised {remote.type_name}"
        )
        details = ("Traceback in your code (most recent call last):\n" + remote.traceback) if remote.traceback else ""
        return "error", _one_line(message) + where, location + details
    if isinstance(error, ImportError):
        return "error", _one_line(str(error)), ""
    is_assertion = isinstance(error, AssertionError) or type(error).__name__ == "Failed"
    status = "failed" if is_assertion and call.when == "call" else "error"
    text = _one_line(str(error)) if error is not None else "failed"
    if not is_assertion and error is not None:
        text = f"{type(error).__name__}: {text}"
    details = ""
    if visible and error is not None:
        explanation = str(error).strip() if is_assertion else f"{type(error).__name__}: {error}"
        details = location + explanation[:MAX_DETAILS_CHARS]
    return status, text + where, details


def _test_location(excinfo: pytest.ExceptionInfo[BaseException] | None, test_path: Path) -> str:
    """ "In the test at test_x.py, line 12:" plus that line, for the deepest frame in the test file."""
    if excinfo is None:
        return ""
    for entry in reversed(excinfo.traceback):
        if Path(str(entry.path)).name == test_path.name:
            line = entry.lineno + 1
            source = linecache.getline(str(entry.path), line).strip()
            return f"In the test at {test_path.name}, line {line}:\n    {source}\n"
    return ""


def _one_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= MAX_MESSAGE_CHARS else first[: MAX_MESSAGE_CHARS - 3] + "..."


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    last = lines[-1].strip() if lines else "unknown error"
    return _one_line(last[1:].strip() if last.startswith("E ") else last)
