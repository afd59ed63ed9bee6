"""Every bundled package passes `levelup validate`: schema, the starter fails level 1, the
reference of level N passes 1..N and fails N+1, and verdicts are stable across two runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from levelup.problems.catalog import Catalog
from levelup.problems.validator import validate_package

BUNDLED = Catalog().folders()


def test_the_bank_holds_the_exemplars() -> None:
    assert {"in-memory-db", "banking", "task-scheduler"} <= {folder.name for folder in BUNDLED}


@pytest.mark.parametrize("folder", BUNDLED, ids=lambda folder: folder.name)
def test_bundled_package_is_valid(folder: Path) -> None:
    report = validate_package(folder)
    assert report.ok, "\n".join(report.errors)
    assert len(report.counts) == 4
    for level, (visible, hidden) in report.counts.items():
        assert visible >= 8 and 3 <= hidden <= 6, f"level {level}: {visible} visible, {hidden} hidden"
