import lab


def test_spin():
    lab.spin()


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
