from brew import pot_minutes


def test_pot_of_green_tea():
    assert pot_minutes("green", 2) == 7


# fmt: off
def test_pot_of_black_tea(): assert pot_minutes("black", 1) == 7  # one line on purpose: test_code must read it
