import lab


def test_hidden_add_negative():
    assert lab.add(-2, -3) == -5
