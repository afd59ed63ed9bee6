from lab import deposit


def test_deposit():
    assert deposit(-5) == -5
