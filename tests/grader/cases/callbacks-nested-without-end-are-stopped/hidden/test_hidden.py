import lab


def test_hidden_add():
    assert lab.add(1, 1) == 2
