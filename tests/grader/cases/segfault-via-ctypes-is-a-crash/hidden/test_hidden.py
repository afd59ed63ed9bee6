import lab


def test_hidden_peek():
    assert lab.peek() == b""
