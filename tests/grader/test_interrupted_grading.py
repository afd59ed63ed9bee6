"""Ctrl-C while the tests run: pytest stops and returns, and that partial run must not come back
as a check (it could otherwise unlock a level on the tests that happened to run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_golden_cases import grade


def test_an_interrupted_test_run_raises_instead_of_returning_a_partial_check(tmp_path: Path) -> None:
    case = tmp_path / "case"
    for folder in ("tests", "hidden"):
        (case / folder).mkdir(parents=True)
    (case / "lab.py").write_text("def add(a, b):\n    return a + b\n")
    (case / "tests" / "test_visible.py").write_text(
        "import lab\n\n\ndef test_add():\n    assert lab.add(2, 3) == 5\n\n\n"
        "def test_ctrl_c_arrives():\n    raise KeyboardInterrupt  # as the harness sees Ctrl-C\n"
    )
    (case / "hidden" / "test_hidden.py").write_text(
        "import lab\n\n\ndef test_hidden():\n    assert lab.add(1, 1) == 2\n"
    )
    (case / "expected.json").write_text(json.dumps({"tests": {}}))
    with pytest.raises(KeyboardInterrupt):
        grade(case, tmp_path / "check")
