from pathlib import Path

import lab
import pytest

HIDDEN_TESTS = Path(__file__).resolve().parents[1] / "hidden" / "test_hidden.py"


def test_add():
    assert lab.add(2, 3) == 5


def test_read_the_hidden_tests():
    assert "def test_hidden_add" in lab.read(str(HIDDEN_TESTS))


@pytest.mark.timeout(20)
def test_a_search_of_the_whole_filesystem_finds_no_test_files():
    assert lab.test_files_found() == []
