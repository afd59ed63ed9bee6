import lab


def test_hidden_meet_is_defined():
    assert callable(lab.meet)
