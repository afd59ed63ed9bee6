import lab


def test_hidden_sub():
    assert lab.sub(5, 3) == 2
