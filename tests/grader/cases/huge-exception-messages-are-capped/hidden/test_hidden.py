import lab


def test_hidden_explode():
    assert lab.explode() == 5
