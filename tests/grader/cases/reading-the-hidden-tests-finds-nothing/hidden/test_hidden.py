import lab


def test_hidden_add():
    assert lab.add(1_000_000, 2_000_000) == 3000000
