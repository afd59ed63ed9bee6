import lab


def test_hang_up():
    assert lab.hang_up() == 5


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
