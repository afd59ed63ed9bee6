from lab import add


def test_hidden_add_large():
    secret_expected = 3_000_000
    assert add(1_000_000, 2_000_000) == secret_expected
