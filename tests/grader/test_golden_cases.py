"""Golden folders for the grader: each folder under cases/ is one situation.

A case holds the candidate's `lab.py`, the problem's tests (`tests/` visible, `hidden/` hidden),
optionally the reference `solution/`, and `expected.json`: the status of every test, fragments
its message (details, output) must contain and fragments they must not (`not_in_message`,
`not_in_details`, `not_in_output`). The runner wraps the case into a one-level problem
package and grades it with the real harness, worker and sandbox. `expected.json` may also set
problem settings (`"problem": {"timeout_seconds": 1}`), `"grade_in_a_separate_process": true`
for a case that might crash the grading process itself, and `"also_with_worker_started_early":
true` to grade the case a second time the way `levelup check` does, with a worker that imported
the candidate's code before the harness asked for it.

Around every check the runner watches the host (see `host.py`): nothing the check started may
outlive it, its temporary folders must be gone, a canary folder must be untouched, and a correct
solution graded right afterwards must pass every test. The test files run in the trusted process
and can reach the host through the environment: LEVELUP_CANARY holds a secret the candidate's code
must never see, LEVELUP_GOLDEN_CANARY_DIR names a world-writable folder it must not change.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from levelup.grading import results
from levelup.grading.harness import run_check
from levelup.grading.results import CheckResult
from levelup.grading.warm import WarmWorkers
from levelup.problems.libraries import libraries_used
from levelup.problems.loader import load_problem

from .host import watch_host

CASES = Path(__file__).parent / "cases"
RECOVERY_CASE = CASES / "reference-passes"
MAX_MESSAGE_CHARS = 2000


def build_package(case: Path, root: Path) -> Path:
    package = root / "lab-case"
    level = package / "levels" / "1"
    (package / "starter").mkdir(parents=True)
    (package / "starter" / "lab.py").write_text("")
    for part in ("tests", "hidden"):
        shutil.copytree(case / part, level / part)
    if (case / "solution").is_dir():
        shutil.copytree(case / "solution", level / "solution")
    else:
        (level / "solution").mkdir()
    (level / "spec.md").write_text("## Level 1: lab\n")
    settings = json.loads((case / "expected.json").read_text()).get("problem", {})
    extra = "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items())
    (package / "problem.toml").write_text(
        'title = "Lab"\nsummary = "Grader case"\ntopics = ["test"]\nmodules = ["lab"]\n'
        f'level_weights = [1000]\n{extra}\n[[levels]]\ntitle = "lab"\n'
    )
    return package


def grade(case: Path, root: Path, started_early: bool = False) -> CheckResult:
    root.mkdir()
    problem = load_problem(build_package(case, root))
    code = {p.name: p.read_bytes() for p in case.glob("*.py")}
    if not started_early:
        return run_check(problem, code, [1], require_isolation=True)
    early = WarmWorkers.started_on(code, problem.modules, problem.memory_mb, libraries_used(problem))
    try:
        return run_check(problem, code, [1], require_isolation=True, warm=early)
    finally:
        early.close()


_GRADE_AND_PRINT = """
import dataclasses, json, sys
from pathlib import Path
from grader.test_golden_cases import grade
print(json.dumps(dataclasses.asdict(grade(Path(sys.argv[1]), Path(sys.argv[2])))))
"""


def grade_in_a_separate_process(case: Path, root: Path) -> CheckResult:
    """Grade in a fresh interpreter, for cases that might crash the grading process itself: if it
    dies, this suite survives to say so."""
    child = subprocess.run(
        [sys.executable, "-c", _GRADE_AND_PRINT, str(case), str(root)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1]), "TMPDIR": tempfile.gettempdir()},
        timeout=120,
    )
    if child.returncode < 0:
        pytest.fail(f"the grading process itself was killed by {signal.Signals(-child.returncode).name}")
    assert child.returncode == 0, f"the grading process failed: {child.stderr[-3000:]}"
    fields = json.loads(child.stdout.splitlines()[-1])
    fields["tests"] = tuple(results.TestResult(**test) for test in fields["tests"])
    fields["levels"], fields["warnings"] = tuple(fields["levels"]), tuple(fields["warnings"])
    return CheckResult(**fields)


def _runs() -> list[object]:
    runs: list[object] = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        runs.append(pytest.param(folder.name, False, id=folder.name))
        if json.loads((folder / "expected.json").read_text()).get("also_with_worker_started_early"):
            runs.append(pytest.param(folder.name, True, id=f"{folder.name}[worker-started-early]"))
    return runs


@pytest.mark.parametrize(("case", "started_early"), _runs())
def test_golden_case(case: str, started_early: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CASES / case
    expected = json.loads((folder / "expected.json").read_text())
    with watch_host(monkeypatch) as host:
        if expected.get("grade_in_a_separate_process"):
            result = grade_in_a_separate_process(folder, host.root / "check")
        else:
            result = grade(folder, host.root / "check", started_early)
        leftovers = host.leftovers()
        assert_verdicts(result, expected)
        assert leftovers == [], "the check did not leave the host as it found it"
        recovery = grade(RECOVERY_CASE, host.root / "recovery")
        assert [t.name for t in recovery.tests if not t.passed] == [], "a correct solution graded next did not pass"
        assert host.leftovers() == [], "the correct solution's check left something behind"


def assert_verdicts(result: CheckResult, expected: dict) -> None:
    if "import_error" in expected:
        assert result.import_error is not None and expected["import_error"] in result.import_error
    else:
        assert result.import_error is None
    actual = {t.name: t for t in result.tests}
    assert sorted(actual) == sorted(expected["tests"]), "the set of reported tests differs"
    for name, want in expected["tests"].items():
        got = actual[name]
        assert got.status == want["status"], f"{name}: {got.status} ({got.message})"
        assert got.visible == (not name.startswith("test_hidden")), name
        assert len(got.message) <= MAX_MESSAGE_CHARS, f"{name}: a message of {len(got.message)} characters"
        for fragment in want.get("message", []):
            assert fragment in got.message, f"{name}: {fragment!r} not in {got.message!r}"
        for fragment in want.get("not_in_message", []):
            assert fragment not in got.message, f"{name}: {fragment!r} leaked into the message {got.message!r}"
        for fragment in want.get("details", []):
            assert fragment in got.details, f"{name}: {fragment!r} not in details {got.details!r}"
        for fragment in want.get("not_in_details", []):
            assert fragment not in got.details, f"{name}: {fragment!r} leaked into details"
        for fragment in want.get("output", []):
            assert fragment in got.output, f"{name}: {fragment!r} not in output {got.output!r}"
        for fragment in want.get("not_in_output", []):
            assert fragment not in got.output, f"{name}: {fragment!r} leaked into the output"
        if "max_output_chars" in want:
            assert len(got.output) <= want["max_output_chars"]
        if "max_details_chars" in want:
            assert len(got.details) <= want["max_details_chars"]
