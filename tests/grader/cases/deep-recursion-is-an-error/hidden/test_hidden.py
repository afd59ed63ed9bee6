import lab


def test_hidden_depth():
    assert lab.depth(5) > 0
