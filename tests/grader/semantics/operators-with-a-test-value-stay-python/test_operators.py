from lab import Clock, ComplexNumber, Rational


def test_adding_minutes_to_a_clock():
    assert str(Clock(10, 0) + 3) == "10:03"
    assert Clock(10, 0) - 60 == Clock(9, 0)


def test_a_power_of_a_rational():
    assert Rational(1, 2) ** 2 == Rational(1, 4)


def test_a_number_plus_a_complex_number():
    assert 5 + ComplexNumber(1, 2) == ComplexNumber(6, 2)
