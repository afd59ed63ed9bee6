import lab


def test_depth():
    assert lab.depth(0) > 0
