import lab
import pytest


def test_fork_bomb():
    assert lab.fork_bomb() == "exploded"


@pytest.mark.timeout(10)
def test_a_thousand_processes_at_once():
    assert lab.hold_processes(1000) == 1000


@pytest.mark.timeout(10)  # a fresh worker starts first, which may take a while on a busy machine
def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
