"""A broken package is reported with the file (and line) to fix, never a traceback."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from levelup.problems.catalog import BUNDLED_DIR
from levelup.problems.errors import ProblemError
from levelup.problems.loader import load_problem


def _copy_exemplar(tmp_path: Path) -> Path:
    target = tmp_path / "in-memory-db"
    shutil.copytree(BUNDLED_DIR / "in-memory-db", target)
    return target


def _edit_toml(old: str, new: str) -> Callable[[Path], None]:
    def edit(package: Path) -> None:
        toml = package / "problem.toml"
        text = toml.read_text()
        assert old in text
        toml.write_text(text.replace(old, new, 1))

    return edit


def _remove(relative: str) -> Callable[[Path], None]:
    def edit(package: Path) -> None:
        target = package / relative
        shutil.rmtree(target) if target.is_dir() else target.unlink()

    return edit


def _duplicate_test_name(package: Path) -> None:
    shutil.copyfile(package / "levels/1/tests/test_level_1.py", package / "levels/2/tests/test_level_1.py")


MALFORMED = {
    "invalid-toml": (_edit_toml("minutes = 90", "minutes = = 90"), "problem.toml:", "invalid TOML"),
    "unknown-key": (_edit_toml("minutes = 90", "minutes = 90\ntimeout = 3"), "problem.toml:", "unknown key 'timeout'"),
    "bad-minutes": (_edit_toml("minutes = 90", 'minutes = "ninety"'), "problem.toml:", "minutes: must be a positive"),
    "module-shadows-stdlib": (
        _edit_toml('modules = ["in_memory_db"]', 'modules = ["json"]'),
        "problem.toml:",
        "shadow",
    ),
    "weights-not-1000": (
        _edit_toml("minutes = 90", "minutes = 90\nlevel_weights = [100, 100, 100, 100]"),
        "problem.toml:",
        "add up to 1000",
    ),
    "missing-spec": (_remove("levels/2/spec.md"), "levels/2", "missing spec.md"),
    "missing-hidden-tests": (_remove("levels/3/hidden"), "levels/3", "hidden/ needs at least one"),
    "gap-in-levels": (_remove("levels/3"), "levels", "1..N without gaps"),
    "starter-lacks-module": (_remove("starter/in_memory_db.py"), "starter", "no in_memory_db.py"),
    "duplicate-test-file-name": (_duplicate_test_name, "test_level_1.py", "names must be unique"),
    "no-problem-toml": (_remove("problem.toml"), "in-memory-db", "missing problem.toml"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_package_names_the_file_to_fix(case: str, tmp_path: Path) -> None:
    edit, where, what = MALFORMED[case]
    package = _copy_exemplar(tmp_path)
    edit(package)
    with pytest.raises(ProblemError) as excinfo:
        load_problem(package)
    assert where in str(excinfo.value)
    assert what in str(excinfo.value)


def test_toml_errors_carry_the_line_number(tmp_path: Path) -> None:
    package = _copy_exemplar(tmp_path)
    _edit_toml("minutes = 90", "minutes = = 90")(package)
    line = next(n for n, text in enumerate((package / "problem.toml").read_text().splitlines(), 1) if "= =" in text)
    with pytest.raises(ProblemError) as excinfo:
        load_problem(package)
    assert excinfo.value.line == line
    assert f"problem.toml:{line}:" in str(excinfo.value)
