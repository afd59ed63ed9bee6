import lab


def test_hidden_function_exists():
    assert callable(lab.meet_then_wait)
