import pytest
from autograd import Value, polynomial


def approx(expected):
    return pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_value_used_twice_by_one_operation_gets_summed_gradient():
    a = Value(3.0)
    sq = a * a
    sq.backward()
    assert a.grad == approx(6.0)
    b = Value(3.0)
    double = b + b
    double.backward()
    assert b.grad == approx(2.0)


def test_shared_value_spec_example():
    a = Value(3.0)
    b = a * a
    c = b + a
    c.backward()
    assert c.data == approx(12.0)
    assert a.grad == approx(7.0)


def test_shared_intermediate_collects_all_uses_before_passing_on():
    a = Value(2.0)
    b = Value(-1.5)
    c = a * b
    d = c * c + c
    d.backward()
    assert c.grad == approx(2 * -3.0 + 1)
    assert a.grad == approx((2 * -3.0 + 1) * -1.5)
    assert b.grad == approx((2 * -3.0 + 1) * 2.0)


def test_second_backward_doubles_every_gradient_in_the_graph():
    a = Value(2.0)
    b = Value(-3.0)
    c = a * b
    out = c + 1
    out.backward()
    out.backward()
    assert out.grad == approx(2.0)
    assert c.grad == approx(2.0)
    assert a.grad == approx(-6.0)
    assert b.grad == approx(4.0)


def test_backward_passes_from_two_outputs_add_into_shared_leaf():
    a = Value(2.0)
    y = a * 2
    z = a * 3
    y.backward()
    z.backward()
    assert a.grad == approx(5.0)


def test_zero_grad_resets_output_and_every_node_it_depends_on():
    a = Value(2.0)
    b = Value(4.0)
    c = a * b
    out = c.tanh()
    out.backward()
    out.zero_grad()
    assert [out.grad, c.grad, a.grad, b.grad] == [0.0, 0.0, 0.0, 0.0]


def test_zero_grad_leaves_values_outside_the_graph_untouched():
    a = Value(2.0)
    y = a * 2
    z = a * 3
    y.backward()
    z.backward()
    z.zero_grad()
    assert a.grad == 0.0
    assert z.grad == 0.0
    assert y.grad == approx(1.0)
    z.backward()
    assert a.grad == approx(3.0)


def test_backward_after_zero_grad_matches_a_first_pass():
    x = Value(0.7)
    out = (x * x).exp() - x
    out.backward()
    first = x.grad
    out.backward()
    out.zero_grad()
    out.backward()
    assert x.grad == approx(first)


def test_polynomial_spec_example():
    x = Value(2.0)
    p = polynomial(x, [1.0, 2.0, 3.0])
    assert p.data == approx(17.0)
    p.backward()
    assert x.grad == approx(14.0)


def test_polynomial_with_empty_coeffs_raises_value_error():
    with pytest.raises(ValueError):
        polynomial(Value(1.0), [])


def test_backward_through_10000_operation_chain():
    x = Value(0.5)
    p = polynomial(x, [1.0] * 5001)
    p.backward()
    expected_data = sum(0.5**k for k in range(5001))
    expected_grad = sum(k * 0.5 ** (k - 1) for k in range(1, 5001))
    assert p.data == approx(expected_data)
    assert x.grad == approx(expected_grad)
