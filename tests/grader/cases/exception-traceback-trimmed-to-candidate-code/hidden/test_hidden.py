from lab import deposit


def test_hidden_deposit():
    assert deposit(-1) == -1
