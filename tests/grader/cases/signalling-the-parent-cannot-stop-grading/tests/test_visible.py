import lab


def test_attack():
    assert lab.attack() == "survived"


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
