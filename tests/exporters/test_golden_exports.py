"""Golden folders for the exporters: each folder under cases/ is one situation.

A case holds `check.json`, a serialized `CheckResult` (recorded from a real check of the package
it names in `packages/`, with durations and paths fixed), and what the exporters must write from
it: `expected/results.json` (Exercism's test-runner interface v3) and `expected/junit.xml`, both
compared exactly.

LEVELUP_UPDATE_GOLDEN=1 rewrites the expected files from what the exporters write now: review the
diff before committing it.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from levelup.exporters.exercism import write_results_json
from levelup.exporters.junit import write_junit_xml
from levelup.grading import results
from levelup.problems.loader import load_problem

CASES = Path(__file__).parent / "cases"
PACKAGES = Path(__file__).parent / "packages"
UPDATE = os.environ.get("LEVELUP_UPDATE_GOLDEN") == "1"


def recorded_check(data: dict) -> results.CheckResult:
    return results.CheckResult(
        tests=tuple(results.TestResult(**test) for test in data["tests"]),
        levels=tuple(data["levels"]),
        import_error=data["import_error"],
        warnings=tuple(data["warnings"]),
        duration=data["duration"],
    )


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith(".")))
def test_golden_export(case: str, tmp_path: Path) -> None:
    folder = CASES / case
    data = json.loads((folder / "check.json").read_text())
    problem = load_problem(PACKAGES / data["package"])
    result = recorded_check(data)

    written = {
        "results.json": write_results_json(result, problem, tmp_path / "exercism").read_text(),
        "junit.xml": write_junit_xml(result, problem, tmp_path / "reports" / "junit.xml").read_text(),
    }

    if UPDATE:
        (folder / "expected").mkdir(exist_ok=True)
        for name, text in written.items():
            (folder / "expected" / name).write_text(text)
    for name, text in written.items():
        assert text == (folder / "expected" / name).read_text(), f"{name} differs"
    json.loads(written["results.json"])
    ET.fromstring(written["junit.xml"].encode())  # well-formed even with what the candidate printed
