import lab
import pytest


def test_wait_for_it():
    assert lab.wait_for_it() == "done"


@pytest.mark.timeout(10)  # a fresh worker starts first, which may take a while on a busy machine
def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
