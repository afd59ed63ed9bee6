"""Which libraries a worker started ahead of a check imports first."""

from __future__ import annotations

import shutil
from pathlib import Path

from levelup.problems.catalog import BUNDLED_DIR, Catalog
from levelup.problems.libraries import libraries_used
from levelup.problems.loader import load_problem


def test_ml_problems_get_numpy_and_systems_problems_nothing() -> None:
    catalog = Catalog()
    assert libraries_used(catalog.get("quantization")) == ("numpy",)
    assert libraries_used(catalog.get("in-memory-db")) == ()


def test_the_candidates_own_modules_and_the_standard_library_are_left_out(tmp_path: Path) -> None:
    package = tmp_path / "lab"
    shutil.copytree(BUNDLED_DIR / "quantization", package)
    solution = package / "levels" / "4" / "solution"
    (solution / "helpers.py").write_text("import json\n")
    module = next(solution.glob("*.py"))
    module.write_text(
        "from __future__ import annotations\nimport collections.abc\nimport helpers\n"
        "from numpy import linalg\nfrom . import sibling\n" + module.read_text()
    )
    assert libraries_used(load_problem(package)) == ("numpy",)
