from lab import quick


def test_hidden_after_the_limit():
    assert quick() == 1
