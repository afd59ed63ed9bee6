import pytest
from autograd import Value, polynomial


def approx(expected):
    return pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_zero_grad_and_repeated_backward_on_12000_operation_chain():
    x = Value(0.5)
    p = polynomial(x, [1.0] * 6001)
    p.backward()
    p.backward()
    expected_grad = sum(k * 0.5 ** (k - 1) for k in range(1, 6001))
    assert x.grad == approx(2 * expected_grad)
    p.zero_grad()
    assert x.grad == 0.0
    assert p.grad == 0.0
    p.backward()
    assert x.grad == approx(expected_grad)


def test_backward_on_intermediate_value_does_not_reach_later_values():
    a = Value(2.0)
    b = Value(5.0)
    c = a * b
    d = c + 1
    c.backward()
    assert c.grad == approx(1.0)
    assert a.grad == approx(5.0)
    assert d.grad == 0.0


def test_diamond_graph_sums_both_paths():
    a = Value(1.5)
    left = a * 2
    right = a + 3
    out = left * right
    out.backward()
    assert out.data == approx(13.5)
    assert a.grad == approx(2 * 4.5 + 3.0)


def test_polynomial_single_coefficient_is_a_constant():
    x = Value(3.0)
    p = polynomial(x, [4.0])
    p.backward()
    assert p.data == approx(4.0)
    assert x.grad == 0.0


def test_polynomial_with_negative_and_zero_coefficients():
    x = Value(-1.5)
    p = polynomial(x, [2.0, 0.0, -1.0, 0.5])
    p.backward()
    assert p.data == approx(2.0 - (-1.5) ** 2 + 0.5 * (-1.5) ** 3)
    assert x.grad == approx(-2 * -1.5 + 1.5 * (-1.5) ** 2)
