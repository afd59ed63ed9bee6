import lab


def test_hidden_finish():
    assert lab.finish() is None
