import lab


def test_hidden_squares():
    assert lab.squares(4) == [0, 1, 4, 9]
