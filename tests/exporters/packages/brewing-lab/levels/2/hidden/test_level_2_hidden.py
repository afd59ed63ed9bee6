from brew import pot_minutes


def test_empty_pot_still_steeps():
    assert pot_minutes("black", 0) == 5
