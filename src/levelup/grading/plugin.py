"""The levelup pytest plugin: turns pytest's reports into `TestResult`s.

It sets deadlines on the boundary (each test's, each test file's loading, and the whole check's),
attributes the candidate's output to the test that produced it, leaves tests their author skipped
out of grading, and decides what a candidate may see. Visible tests get pytest's assertion diff,
the test's line and what the code printed. Hidden tests reveal what the real assessment reveals
and no more: their name, the kind of failure (wrong result, time-out, crash, memory) and, for an
exception raised by the candidate's own code, its type, message and the candidate's own frames;
never an expected value, an operand, a diff, the test's source or printed output. It never parses
pytest's terminal output.
"""

from __future__ import annotations

import linecache
import re
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _pytest.skipping import evaluate_skip_marks

from levelup.grading.boundary.connection import Boundary
from levelup.grading.boundary.failures import CandidateProcessError
from levelup.grading.results import NOT_IMPORTED, TestResult
from levelup.problems.counting import names_of_tests

MAX_MESSAGE_CHARS = 300
MAX_DETAILS_CHARS = 4000
HIDDEN_WRONG_RESULT = "wrong result (a hidden test does not show its expected values)"
_CANDIDATE_REASONS = ("ImportError", "ModuleNotFoundError", "timed out", "your code")


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
    def __init__(
        self,
        boundary: Boundary,
        files: dict[Path, TestFileInfo],
        default_timeout: float,
        *,
        check_deadline: float | None = None,
        check_seconds: float | None = None,
        import_error: str | None = None,
        author_view: bool = False,
        on_result: Callable[[TestResult], None] | None = None,
    ) -> None:
        self._boundary = boundary
        self._on_result = on_result  # told of each result as soon as it is known (the browser streams them)
        # Test file names are unique within a package, and pytest reports some paths relative to
        # its rootdir, so files are known by name.
        self._files = {path.name: info for path, info in files.items()}
        self._paths = {path.name: path for path in files}
        self._default_timeout = default_timeout
        self._check_deadline = check_deadline  # time.monotonic() at which the whole check stops
        self._check_label = f"the {check_seconds:g} s limit for the whole check" if check_seconds else ""
        self._import_failed = import_error is not None
        self._author_view = author_view  # the validator: hidden tests explained like visible ones
        self._phases: dict[str, _Phases] = {}
        self.results: list[TestResult] = []

    def _set_deadline(self, seconds: float, label: str) -> None:
        """The boundary's deadline: `seconds` from now, or the whole check's end if that comes first."""
        deadline = time.monotonic() + seconds
        if self._check_deadline is not None and self._check_deadline <= deadline:
            deadline, label = self._check_deadline, self._check_label
        self._boundary.deadline = deadline
        self._boundary.deadline_label = label

    def _check_time_is_up(self) -> bool:
        return self._check_deadline is not None and time.monotonic() >= self._check_deadline

    def pytest_configure(self, config: pytest.Config) -> None:
        # Failure details are built from the exception itself; pytest's long tracebacks would parse
        # the test file's source for every failure. (--tb belongs to the terminal plugin, which
        # the harness turns off.)
        config.option.tbstyle = "line"
        config.addinivalue_line("markers", "timeout(seconds): wall-clock limit for one test")
        config.addinivalue_line("markers", "task(taskno): Exercism task number")

    def _info(self, path: Path) -> TestFileInfo:
        return self._files.get(path.name, TestFileInfo(level=0, visible=False))

    def _explained(self, info: TestFileInfo) -> bool:
        """Whether a test's feedback may show everything (a visible test, or the author's view)."""
        return info.visible or self._author_view

    @pytest.hookimpl(hookwrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Any:
        """Loading a test file imports names from the candidate's modules, and pytest probes the
        objects it finds: calls into the candidate's process, bounded like a test's."""
        if not isinstance(collector, (pytest.Module, pytest.Class)):
            yield
            return
        saved = self._boundary.deadline, self._boundary.deadline_label
        self._set_deadline(self._default_timeout, f"the {self._default_timeout:g} s limit for loading a test file")
        try:
            yield
        finally:
            self._boundary.deadline, self._boundary.deadline_label = saved

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        marker = item.get_closest_marker("timeout")
        limit = float(marker.args[0]) if marker and marker.args else self._default_timeout
        self._boundary.take_output()
        phases = self._phases[item.nodeid] = _Phases()
        self._set_deadline(limit, f"the {limit:g} s limit for this test")  # skipif conditions too
        if self._check_time_is_up():
            phases.status, phases.message = "error", f"not run: timed out, {self._check_label} was reached"
        elif (reason := self._author_skip(item)) is not None:
            phases.status, phases.message = (
                "skipped",
                "skipped by the test's author" + (f": {reason}" if reason else ""),
            )
        if phases.status != "passed":
            item.add_marker(pytest.mark.skip(reason=phases.message))  # pytest runs nothing of it
        try:
            yield
        finally:
            self._boundary.deadline = None
            breach = self._boundary.channel_breach_error()
            if breach is not None and phases.status == "passed":
                phases.status, phases.message = "error", str(breach)
            self._finish(item)

    def _author_skip(self, item: pytest.Item) -> str | None:
        """The reason when the test's author skipped it (a skip mark, a true skipif, unittest's
        skip decorators), else None. A skip whose condition needed the candidate's code is not the
        author's: pytest still skips it, and the report counts that as an error."""
        calls = self._boundary.calls
        try:
            skip = evaluate_skip_marks(item)
        except Exception:  # a broken condition: pytest reports it as the test's error
            return None
        if skip is not None:
            return skip.reason if self._boundary.calls == calls else None
        for target in (getattr(item, "cls", None), getattr(item, "function", None)):
            if getattr(target, "__unittest_skip__", False):
                return str(getattr(target, "__unittest_skip_why__", ""))
        return None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        phases = self._phases.get(item.nodeid)
        if phases is None or phases.status != "passed":
            return
        if report.failed:
            info = self._info(item.path)
            phases.status, phases.message, phases.details = _describe_failure(
                call, item.path, self._explained(info), self._import_failed
            )
        elif report.skipped:
            # the author's skips never reach here; this one came from running the test (a skip
            # raised through your code, or decided after calling it)
            phases.status, phases.message = (
                "error",
                "the test was skipped because of what your code did, which counts as not passed",
            )

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not (report.failed and report.nodeid):
            return
        file, _, inside = report.nodeid.partition("::")  # a whole file, or a class in it
        path = self._paths.get(Path(file).name, Path(file))
        info = self._info(path)
        reason, details = _load_failure(report.longreprtext, path.name)
        if self._import_failed:
            message, details = NOT_IMPORTED, ""
        elif self._explained(info):
            message = "the test file could not be loaded: " + reason
        else:
            message = "the hidden test file could not be loaded: " + (
                reason if reason.startswith(_CANDIDATE_REASONS) else "it failed"
            )
        try:
            names = names_of_tests(path) if path.is_file() else []
        except (OSError, SyntaxError, ValueError):
            names = []
        if inside:
            names = [name for name in names if name.startswith(inside + "::")] or [inside]
        # one result per test the file holds, so the level's count stays the real one
        for index, name in enumerate(names or [""]):
            self._record(
                TestResult(
                    name=f"{path.name}::{name}" if name else path.name,
                    level=info.level,
                    visible=info.visible,
                    status="error",
                    message=message,
                    details=details if self._explained(info) and index == 0 else "",
                    loaded=False,
                )
            )

    def _record(self, result: TestResult) -> None:
        self.results.append(result)
        if self._on_result is not None:
            self._on_result(result)

    def _finish(self, item: pytest.Item) -> None:
        phases = self._phases.pop(item.nodeid)
        info = self._info(item.path)
        test_id = item.nodeid.split("::", 1)[1] if "::" in item.nodeid else item.nodeid
        self._record(
            TestResult(
                name=f"{item.path.name}::{test_id}",
                level=info.level,
                visible=info.visible,
                status=phases.status,  # type: ignore[arg-type]
                message=phases.message,
                details=phases.details,
                # what the code printed helps a candidate reverse-engineer a hidden test's data
                output=_taken(self._boundary.take_output(), self._explained(info)),
                duration=time.monotonic() - phases.started,
            )
        )


def _taken(output: str, visible: bool) -> str:
    return output if visible else ""


def _describe_failure(
    call: pytest.CallInfo[None], test_path: Path, visible: bool, import_failed: bool = False
) -> tuple[str, str, str]:
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
    if remote is not None:  # the candidate's own exception: its type and message, for hidden tests too
        message = (
            f"your code raised {remote.type_name}: {remote.message}"
            if remote.message
            else f"your code raised {remote.type_name}"
        )
        details = ("Traceback in your code (most recent call last):\n" + remote.traceback) if remote.traceback else ""
        return "error", _one_line(message) + where, location + details
    if isinstance(error, ImportError):
        return "error", NOT_IMPORTED if import_failed else _one_line(str(error)), ""
    is_assertion = isinstance(error, AssertionError) or type(error).__name__ == "Failed"
    status = "failed" if is_assertion and call.when == "call" else "error"
    if not visible:  # the kind of failure only: the test's own exceptions carry its values
        if is_assertion:
            return status, HIDDEN_WRONG_RESULT + where, ""
        kind = type(error).__name__ if error is not None else "an error"
        return status, f"the test could not use what your code returned ({kind})" + where, ""
    text = _one_line(str(error)) if error is not None else "failed"
    if not is_assertion and error is not None:
        text = f"{type(error).__name__}: {text}"
    details = ""
    if error is not None:
        explanation = str(error).strip() if is_assertion else f"{type(error).__name__}: {error}"
        details = location + explanation[:MAX_DETAILS_CHARS]
    return status, text + where, details


def _load_failure(longrepr: str, file_name: str) -> tuple[str, str]:
    """(the reason in one line, details) for a test file pytest could not load: the exception and
    the test file's lines, without pytest's hint about module names or levelup's own frames."""
    lines = longrepr.splitlines()
    errors = [line[1:].strip() for line in lines if line.startswith("E ")]
    reason = _one_line(errors[-1] if errors else _last_line(longrepr))
    reason = re.sub(r"^(levelup\.grading\.boundary\.failures\.)?Candidate\w+: ", "", reason)
    shown: list[str] = []
    for index, line in enumerate(lines):
        if file_name in line and ":" in line and not line.startswith(("ImportError while", "E ")):
            where = line.strip().split(" ", 1)[0].rsplit("/", 1)[-1].rstrip(":")
            source = lines[index + 1].strip() if index + 1 < len(lines) else ""
            shown.append(f"In the test file at {where.replace(':', ', line ', 1)}:\n    {source}")
    context = [e for e in errors[:-1] if e]  # the last `E` line is the reason, already in the message
    return reason, "\n".join([*shown[-1:], *context])


def _test_location(excinfo: pytest.ExceptionInfo[BaseException] | None, test_path: Path) -> str:
    """ "In the test at test_x.py, line 12:" plus that line, for the deepest frame in the test file."""
    if excinfo is None:
        return ""
    for entry in reversed(excinfo.traceback):
        if Path(str(entry.path)).name == test_path.name:
            line = entry.lineno + 1
            try:  # the whole statement, when it spans several lines (`self.assertEqual(` ...)
                source = textwrap.dedent(str(entry.statement)).strip()
            except Exception:
                source = ""
            source = source or linecache.getline(str(entry.path), line).strip()
            return f"In the test at {test_path.name}, line {line}:\n" + textwrap.indent(source, "    ") + "\n"
    return ""


def _one_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= MAX_MESSAGE_CHARS else first[: MAX_MESSAGE_CHARS - 3] + "..."


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    last = lines[-1].strip() if lines else "unknown error"
    return _one_line(last[1:].strip() if last.startswith("E ") else last)
