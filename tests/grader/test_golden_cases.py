"""Golden folders for the grader: each folder under cases/ is one situation.

A case holds the candidate's `lab.py`, the problem's tests (`tests/` visible, `hidden/` hidden)
and `expected.json`: the status of every test and a fragment its message must contain. The
runner wraps the case into a one-level problem package and grades it with the real harness,
worker and sandbox.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from levelup.grading.harness import run_check
from levelup.problems.loader import load_problem

CASES = Path(__file__).parent / "cases"


def build_package(case: Path, root: Path) -> Path:
    package = root / "lab-case"
    level = package / "levels" / "1"
    (package / "starter").mkdir(parents=True)
    (package / "starter" / "lab.py").write_text("")
    for part in ("tests", "hidden"):
        shutil.copytree(case / part, level / part)
    (level / "solution").mkdir()
    (level / "spec.md").write_text("## Level 1: lab\n")
    settings = json.loads((case / "expected.json").read_text()).get("problem", {})
    extra = "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items())
    (package / "problem.toml").write_text(
        'title = "Lab"\nsummary = "Grader case"\ntopics = ["test"]\nmodules = ["lab"]\n'
        f'level_weights = [1000]\n{extra}\n[[levels]]\ntitle = "lab"\n'
    )
    return package


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden_case(case: str, tmp_path: Path) -> None:
    folder = CASES / case
    expected = json.loads((folder / "expected.json").read_text())
    problem = load_problem(build_package(folder, tmp_path))
    code = {p.name: p.read_bytes() for p in folder.glob("*.py")}

    result = run_check(problem, code, [1], require_isolation=True)

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
        for fragment in want.get("message", []):
            assert fragment in got.message, f"{name}: {fragment!r} not in {got.message!r}"
        for fragment in want.get("details", []):
            assert fragment in got.details, f"{name}: {fragment!r} not in details {got.details!r}"
        for fragment in want.get("not_in_details", []):
            assert fragment not in got.details, f"{name}: {fragment!r} leaked into details"
        for fragment in want.get("output", []):
            assert fragment in got.output, f"{name}: {fragment!r} not in output {got.output!r}"
        if "max_output_chars" in want:
            assert len(got.output) <= want["max_output_chars"]
