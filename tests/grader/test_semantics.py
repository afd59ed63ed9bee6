"""Golden folders for the boundary's semantics: each folder under semantics/ holds the
candidate's `lab.py` and one test file, run twice: by plain pytest against `lab.py` directly, and
by levelup's grader (tests in the trusted process, `lab.py` in the sandboxed worker). Every test
must have the same outcome both ways: a test cannot tell that the code runs elsewhere.

The tests in these folders pass under plain pytest (the runner checks that too), so each folder
also shows what the boundary supports.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from levelup.grading.harness import run_check
from levelup.problems.loader import load_problem

SEMANTICS = Path(__file__).parent / "semantics"


def plain_pytest_outcomes(folder: Path, root: Path) -> dict[str, str]:
    work = root / "plain"
    shutil.copytree(folder, work)
    report = root / "plain.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--rootdir", str(work),
         f"--junitxml={report}", str(work)],
        cwd=work,
        capture_output=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(work), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    outcomes = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        name = f"{case.get('classname', '').rsplit('.', 1)[-1]}.py::{case.get('name')}"
        failed = any(child.tag in ("failure", "error") for child in case)
        outcomes[name] = "failed" if failed else "passed"
    return outcomes


def levelup_outcomes(folder: Path, root: Path) -> dict[str, str]:
    package = root / "lab-semantics"
    level = package / "levels" / "1"
    (package / "starter").mkdir(parents=True)
    (package / "starter" / "lab.py").write_text("")
    (level / "tests").mkdir(parents=True)
    (level / "hidden").mkdir()
    # a package needs hidden tests; this one only imports the module, and is not compared
    (level / "hidden" / "test_hidden_import.py").write_text("import lab\n\n\ndef test_hidden_import():\n    pass\n")
    (level / "solution").mkdir()
    for test_file in folder.glob("test_*.py"):
        shutil.copy(test_file, level / "tests" / test_file.name)
    (level / "spec.md").write_text("## Level 1: lab\n")
    (package / "problem.toml").write_text(
        'title = "Lab"\nsummary = "Semantics case"\ntopics = ["test"]\nmodules = ["lab"]\n'
        'level_weights = [1000]\n\n[[levels]]\ntitle = "lab"\n'
    )
    result = run_check(load_problem(package), {"lab.py": (folder / "lab.py").read_bytes()}, [1])
    assert result.import_error is None, result.import_error
    return {
        test.name: ("passed" if test.passed else f"failed: {test.message}")
        for test in result.tests
        if test.visible
    }


@pytest.mark.parametrize("case", sorted(p.name for p in SEMANTICS.iterdir() if p.is_dir()))
def test_semantics_are_the_same_under_levelup(case: str, tmp_path: Path) -> None:
    folder = SEMANTICS / case
    plain = plain_pytest_outcomes(folder, tmp_path)
    assert plain and set(plain.values()) == {"passed"}, f"the folder's tests must pass under plain pytest: {plain}"
    graded = levelup_outcomes(folder, tmp_path)
    assert graded == plain
