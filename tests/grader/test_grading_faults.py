"""A check that fails before the candidate's code runs is levelup's fault: it is retried once,
then reported as "levelup could not grade this check" with exit status 3, and never recorded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from levelup.grading.errors import GradingFault
from levelup.grading.harness import run_check
from levelup.grading.sandbox.runtime import site_folder_name
from levelup.grading.sandbox.versioned import remove_tree
from levelup.problems.loader import load_problem

CORRECT = "def add(a, b):\n    return a + b\n"
TEST = "from lab import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"


def make_package(root: Path, memory_mb: int) -> Path:
    """A one-level problem; a memory limit of 1 MiB leaves the worker unable even to start."""
    package = root / "adder"
    level = package / "levels" / "1"
    for folder in (package / "starter", level / "tests", level / "hidden", level / "solution"):
        folder.mkdir(parents=True)
    (package / "starter" / "lab.py").write_text("")
    (level / "solution" / "lab.py").write_text(CORRECT)
    (level / "tests" / "test_visible.py").write_text(TEST)
    (level / "hidden" / "test_hidden.py").write_text(TEST.replace("test_add", "test_add_hidden"))
    (level / "spec.md").write_text("## Level 1: add\n\nWrite `add(a, b)`.\n")
    (package / "problem.toml").write_text(
        'title = "Adder"\nsummary = "Adds"\ntopics = ["test"]\nmodules = ["lab"]\n'
        f'level_weights = [1000]\nmemory_mb = {memory_mb}\n\n[[levels]]\ntitle = "add"\n'
    )
    return package


def test_a_worker_that_dies_before_the_candidates_code_is_a_grading_fault(tmp_path: Path) -> None:
    problem = load_problem(make_package(tmp_path, memory_mb=1))
    with pytest.raises(GradingFault) as caught:
        run_check(problem, {"lab.py": CORRECT.encode()}, [1])
    assert str(caught.value).startswith("levelup could not grade this check: the sandboxed worker ended before")


def test_a_runtime_whose_packages_are_missing_is_a_grading_fault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root the worker runs as `nobody` from the machine-wide runtime; here its package folder
    exists but is empty, so the worker cannot even load its own modules."""
    root = Path(tempfile.mkdtemp(prefix="levelup-broken-runtime-"))  # reachable by `nobody`
    try:
        root.chmod(0o755)
        (root / site_folder_name()).mkdir()
        monkeypatch.setenv("LEVELUP_SANDBOX_RUNTIME", str(root))
        problem = load_problem(make_package(tmp_path, memory_mb=512))
        with pytest.raises(GradingFault, match="ended before it reached your code"):
            run_check(problem, {"lab.py": CORRECT.encode()}, [1])
    finally:
        remove_tree(root)


def test_the_same_check_with_a_working_worker_passes(tmp_path: Path) -> None:
    problem = load_problem(make_package(tmp_path, memory_mb=512))
    result = run_check(problem, {"lab.py": CORRECT.encode()}, [1])
    assert result.all_passed and len(result.tests) == 2


def levelup(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LEVELUP_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "levelup", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_cli_reports_a_grading_fault_with_exit_3_and_records_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    make_package(home / "problems", memory_mb=1)
    workspace = tmp_path / "work"
    assert levelup(home, "start", "adder", "--dir", str(workspace)).returncode == 0
    (workspace / "lab.py").write_text(CORRECT)
    checked = levelup(home, "check", cwd=workspace)
    assert checked.returncode == 3, checked.stdout + checked.stderr
    assert "levelup could not grade this check" in checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr
    status = json.loads(levelup(home, "status", "--json", cwd=workspace).stdout)
    assert status["checks"] == 0 and status["score"] == 0
