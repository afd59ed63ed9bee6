from lab import answer


def test_hidden_answer():
    assert answer() == 42
