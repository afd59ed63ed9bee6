import lab


def test_peek():
    assert lab.peek() == b""


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
