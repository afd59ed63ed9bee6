from lab import add


def test_hidden_add():
    assert add(
        1,
        1,
    ) == 2
