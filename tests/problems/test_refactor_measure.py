"""The refactor measure: the share of level n's reference code lines that level n+1 changes or
removes (blank lines and comments aside, additions free), on small references with known shares."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from levelup.problems.catalog import BUNDLED_DIR
from levelup.problems.loader import load_problem
from levelup.problems.refactor_measure import code_lines, refactor_pressure, summary_line, transition
from levelup.problems.validator import ValidationReport, measure_refactor_pressure

LEVEL_1 = """\
class Bank:
    # one dict of balances is enough for level 1
    def __init__(self):
        self.balances = {}

    def deposit(self, name, amount):
        self.balances[name] = self.balances.get(name, 0) + amount
        return self.balances[name]
"""


def test_comments_and_blank_lines_do_not_count() -> None:
    assert len(code_lines(LEVEL_1)) == 6


def test_a_level_that_only_appends_methods_changes_nothing() -> None:
    grown = LEVEL_1 + "\n    def balance(self, name):\n        return self.balances.get(name)\n"
    result = transition(1, {"bank.py": LEVEL_1}, {"bank.py": grown})
    assert (result.changed_lines, result.total_lines, result.changed_share) == (0, 6, 0.0)


def test_rewritten_lines_count_against_the_earlier_reference() -> None:
    # the balance store becomes a list of records: 3 of the 6 code lines change
    redesigned = LEVEL_1.replace("self.balances = {}", "self.history = {}").replace(
        """        self.balances[name] = self.balances.get(name, 0) + amount
        return self.balances[name]""",
        """        self.history.setdefault(name, []).append(amount)
        return sum(self.history[name])""",
    )
    result = transition(1, {"bank.py": LEVEL_1}, {"bank.py": redesigned})
    assert (result.changed_lines, result.total_lines) == (3, 6)
    assert result.changed_share == pytest.approx(0.5)


def test_editing_only_a_comment_changes_nothing() -> None:
    reworded = LEVEL_1.replace("# one dict of balances is enough for level 1", "# balances by name")
    assert transition(1, {"bank.py": LEVEL_1}, {"bank.py": reworded}).changed_share == 0.0


def test_a_dropped_file_counts_as_removed_and_files_are_summed() -> None:
    helper = "def fee(amount):\n    return amount // 100\n"
    before = {"bank.py": LEVEL_1, "fees.py": helper}
    result = transition(2, before, {"bank.py": LEVEL_1})
    assert (result.from_level, result.to_level, result.changed_lines, result.total_lines) == (2, 3, 2, 8)


def test_references_in_folders_give_one_figure_per_transition(tmp_path: Path) -> None:
    texts = [LEVEL_1, LEVEL_1 + "\n    def total(self):\n        return sum(self.balances.values())\n"]
    texts.append(texts[1].replace("return sum(self.balances.values())", "return sum(self.balances.values()) or 0"))
    folders = []
    for number, text in enumerate(texts, start=1):
        folder = tmp_path / str(number) / "solution"
        folder.mkdir(parents=True)
        (folder / "bank.py").write_text(text)
        folders.append(folder)
    figures = [t.as_json() for t in refactor_pressure(folders)]
    assert figures == [
        {"from": 1, "to": 2, "changed_share": 0.0},
        {"from": 2, "to": 3, "changed_share": 0.125},
    ]
    assert summary_line(figures) == "refactor pressure: L1→2 0%, L2→3 12%"


def _package_copy(tmp_path: Path) -> Path:
    package = tmp_path / "in-memory-db"
    shutil.copytree(BUNDLED_DIR / "in-memory-db", package)
    return package


def test_the_validator_reports_each_transition_and_stays_quiet_when_one_reaches_25_percent(tmp_path: Path) -> None:
    report = ValidationReport(path="", slug="in-memory-db")
    measure_refactor_pressure(load_problem(_package_copy(tmp_path)), report)
    assert [(f["from"], f["to"]) for f in report.refactor] == [(1, 2), (2, 3), (3, 4)]
    assert max(float(f["changed_share"]) for f in report.refactor) >= 0.25
    assert report.ok and not report.warnings


def test_the_validator_warns_but_does_not_fail_when_every_level_only_appends(tmp_path: Path) -> None:
    package = _package_copy(tmp_path)
    final = (package / "levels" / "4" / "solution" / "in_memory_db.py").read_text()
    for level in (1, 2, 3):  # every level's reference is the final one: nothing is ever rewritten
        (package / "levels" / str(level) / "solution" / "in_memory_db.py").write_text(final)
    report = ValidationReport(path="", slug="in-memory-db")
    measure_refactor_pressure(load_problem(package), report)
    assert report.ok
    assert report.warnings == [
        "no level's reference changes or removes 25% of the previous one's code lines "
        "(refactor pressure: L1→2 0%, L2→3 0%, L3→4 0%); house style: at least one level breaks the earlier design"
    ]
