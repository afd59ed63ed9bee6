import lab


def test_hidden_withdraw():
    assert lab.withdraw(10, 4) == 6
