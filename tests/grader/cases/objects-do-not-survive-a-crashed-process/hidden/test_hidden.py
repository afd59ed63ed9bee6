import lab


def test_hidden_counter():
    assert lab.Counter().increment() == 1
