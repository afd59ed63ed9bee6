import lab


def test_add():
    assert lab.add(2, 3) == 5
