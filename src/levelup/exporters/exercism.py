"""`levelup check --format exercism --output DIR`: `results.json` as Exercism's test-runner
interface, version 3, describes it (exercism.org/docs/building/tooling/test-runners/interface).

- `status` is `error` when no test could run (your code or every test file failed to import),
  with the reason in `message` and no tests; otherwise `pass` or `fail`.
- `tests` are in the order their files list them; `task_id` is the level. Tests their author
  skipped are left out (they are not graded, and the interface has no status for them).
- `output` is what your code printed, stripped and cut to 500 characters with Exercism's notice;
  hidden tests never carry it (nor expected values: see the feedback policy in the README).
- `test_code` is the test's body, except for hidden tests: their code is never shown, so they
  carry `HIDDEN_TEST_CODE` instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from levelup.exporters import ExportError
from levelup.exporters.graded_tests import TestName, TestSources, file_loaded
from levelup.grading.results import CheckResult, TestResult
from levelup.problems.model import Problem

INTERFACE_VERSION = 3
MAX_OUTPUT_CHARS = 500
TRUNCATION_NOTICE = " [Output was truncated. Please limit to 500 chars]"
HIDDEN_TEST_CODE = "# hidden test: levelup does not show its code"
STATUSES = {"passed": "pass", "failed": "fail", "error": "error"}
_EXCEPTION_LINE = re.compile(r"^E(?: {3}(.*))?$")


def exercism_results(result: CheckResult, problem: Problem) -> dict[str, Any]:
    loaded = [t for t in result.graded_tests if file_loaded(t)]
    if result.import_error or not loaded:
        unloaded = [t for t in result.graded_tests if not file_loaded(t)]
        shown = [t for t in unloaded if t.visible] or unloaded  # hidden files say the same, with less detail
        message = result.import_error or "\n\n".join(dict.fromkeys(_load_error(t) for t in shown)) or "no tests ran"
        return {"version": INTERFACE_VERSION, "status": "error", "message": message, "tests": []}
    sources = TestSources(problem)
    return {
        "version": INTERFACE_VERSION,
        "status": "pass" if result.all_passed else "fail",
        # a test its author skipped is not graded, and the interface has no status for it
        "tests": [_test(test, sources) for test in sources.in_file_order(result.graded_tests)],
    }


def write_results_json(result: CheckResult, problem: Problem, folder: Path) -> Path:
    target = folder.resolve() / "results.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(exercism_results(result, problem), indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def _test(test: TestResult, sources: TestSources) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": _display_name(test), "status": STATUSES[test.status]}
    message = test.message if file_loaded(test) else _load_error(test)
    if not test.passed and message:
        entry["message"] = message
    output = _capped_output(test.output) if test.visible else ""  # hidden tests never show it
    if output:
        entry["output"] = output
    entry["test_code"] = sources.code(test) if test.visible else HIDDEN_TEST_CODE
    entry["task_id"] = test.level
    return entry


def _display_name(test: TestResult) -> str:
    """`Level1Tests > deposit returns balance [big]`, the way Exercism's Python runner names tests."""
    name = TestName.parse(test.name)
    if not name.loaded:
        return name.file
    words = name.function.removeprefix("test_").replace("_", " ").strip() + (
        f" {name.parameters}" if name.parameters else ""
    )
    return f"{name.class_name} > {words}" if name.class_name else words


def _load_error(test: TestResult) -> str:
    """Why a test file could not be loaded, as the exception pytest shows (its `E` lines), like
    Exercism's runner reports it; the one-line message when there are no details (hidden files)."""
    shown = [match.group(1) or "" for line in test.details.splitlines() if (match := _EXCEPTION_LINE.match(line))]
    return "\n".join(shown).strip() or test.message


def _capped_output(output: str) -> str:
    text = output.strip()
    if len(text) > MAX_OUTPUT_CHARS:
        text = text[: MAX_OUTPUT_CHARS - len(TRUNCATION_NOTICE)] + TRUNCATION_NOTICE
    return text
