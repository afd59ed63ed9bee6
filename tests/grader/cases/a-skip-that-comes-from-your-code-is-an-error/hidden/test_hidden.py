import lab


def test_hidden_skip_raised_by_your_code():
    assert lab.add(1, 1) == 2
