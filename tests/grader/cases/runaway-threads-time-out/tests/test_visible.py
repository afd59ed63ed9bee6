import lab
import pytest


def test_flood():
    assert lab.flood() == 5000


@pytest.mark.timeout(10)  # a fresh worker starts first, which may take a while on a busy machine
def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
