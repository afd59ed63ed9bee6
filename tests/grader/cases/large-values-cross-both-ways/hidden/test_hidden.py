import lab


def test_hidden_after_large_messages():
    assert lab.echo_length([1, 2, 3]) == 3
