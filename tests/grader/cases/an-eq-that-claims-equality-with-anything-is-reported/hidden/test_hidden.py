import lab


def test_hidden_equal():
    assert lab.make(3) == lab.make(4)
