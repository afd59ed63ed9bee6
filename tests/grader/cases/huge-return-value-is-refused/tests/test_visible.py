import lab


def test_blob():
    assert len(lab.blob()) > 0


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
