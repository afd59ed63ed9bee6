"""Check results in formats other tools read: Exercism's `results.json` (`exercism.py`) and JUnit
XML (`junit.py`). Both take a `CheckResult` and the problem it was graded against."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from levelup.grading.results import CheckResult
    from levelup.problems.model import Problem


class ExportError(Exception):
    """The results could not be written; the message says where and why."""


def write_exports(
    result: CheckResult, problem: Problem, exercism_folder: Path | None, junit_xml: Path | None
) -> list[Path]:
    """Write the formats asked for (None: not asked); the files written, in that order."""
    from levelup.exporters.exercism import write_results_json
    from levelup.exporters.junit import write_junit_xml

    written = []
    if exercism_folder is not None:
        written.append(write_results_json(result, problem, exercism_folder))
    if junit_xml is not None:
        written.append(write_junit_xml(result, problem, junit_xml))
    return written
