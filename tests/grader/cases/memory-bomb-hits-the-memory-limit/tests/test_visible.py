import lab


def test_hoard():
    lab.hoard()


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
