from pathlib import Path

import lab
import pytest

import levelup

PACKAGE = Path(levelup.__file__).resolve().parent
BUNDLED_HIDDEN_TESTS = sorted((PACKAGE / "problems" / "bundled").glob("*/levels/*/hidden/*.py"))


def test_read_the_harness():
    assert "def run_check" in lab.read(str(PACKAGE / "grading" / "harness.py"))


def test_read_a_bundled_problems_hidden_tests():
    assert "def test" in lab.read(str(BUNDLED_HIDDEN_TESTS[0]))


@pytest.mark.timeout(20)
def test_a_search_of_the_whole_filesystem_finds_no_levelup_files():
    assert lab.levelup_files_found() == []
