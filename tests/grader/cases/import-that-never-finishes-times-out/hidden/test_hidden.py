import lab


def test_hidden_add():
    assert lab.add(2, 3) == 5
