from pathlib import Path

import lab
import pytest

LEVEL = Path(__file__).resolve().parents[1]


def test_add():
    assert lab.add(2, 3) == 5


def test_read_the_reference_solution():
    assert "def add" in lab.read(str(LEVEL / "solution" / "lab.py"))


def test_read_the_problem_description():
    assert "title" in lab.read(str(LEVEL.parents[1] / "problem.toml"))


@pytest.mark.timeout(20)
def test_a_search_of_the_whole_filesystem_finds_no_solution():
    assert lab.solution_files_found() == []
