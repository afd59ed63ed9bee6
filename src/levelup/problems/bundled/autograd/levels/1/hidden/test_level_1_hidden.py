import math

import pytest
from autograd import Value


def approx(expected):
    return pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_relu_derivative_at_exactly_zero_is_zero():
    z = Value(0.0)
    r = z.relu()
    r.backward()
    assert r.data == approx(0.0)
    assert z.grad == approx(0.0)


def test_power_with_value_exponent_raises_type_error():
    a = Value(2.0)
    b = Value(3.0)
    with pytest.raises(TypeError):
        a**b


def test_fractional_and_negative_exponents_have_correct_gradients():
    x = Value(4.0)
    root = x**0.5
    root.backward()
    assert root.data == approx(2.0)
    assert x.grad == approx(0.25)
    y = Value(2.0)
    inv_sq = y**-2
    inv_sq.backward()
    assert inv_sq.data == approx(0.25)
    assert y.grad == approx(-0.25)


def test_negation_gradient_is_minus_one_and_constants_scale_it():
    a = Value(5.0)
    out = -a * 4 + 7
    out.backward()
    assert out.data == approx(-13.0)
    assert a.grad == approx(-4.0)


def test_long_mixed_expression_matches_closed_form_gradients():
    a, b, c, d = Value(0.3), Value(-0.7), Value(1.2), Value(2.5)
    inner = (a * b).exp() + c / d
    out = inner.tanh()
    out.backward()
    ab = 0.3 * -0.7
    inner_val = math.exp(ab) + 1.2 / 2.5
    dout = 1 - math.tanh(inner_val) ** 2
    assert out.data == approx(math.tanh(inner_val))
    assert inner.grad == approx(dout)
    assert a.grad == approx(dout * math.exp(ab) * -0.7)
    assert b.grad == approx(dout * math.exp(ab) * 0.3)
    assert c.grad == approx(dout / 2.5)
    assert d.grad == approx(-dout * 1.2 / 2.5**2)
