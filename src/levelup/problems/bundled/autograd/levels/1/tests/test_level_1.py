import math

import pytest
from autograd import Value


def approx(expected):
    return pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_value_stores_data_as_float_and_grad_starts_at_zero():
    v = Value(3)
    assert isinstance(v.data, float)
    assert v.data == 3.0
    assert v.grad == 0.0


def test_add_sub_mul_div_compute_data():
    a = Value(6.0)
    b = Value(-4.0)
    assert (a + b).data == approx(2.0)
    assert (a - b).data == approx(10.0)
    assert (a * b).data == approx(-24.0)
    assert (a / b).data == approx(-1.5)


def test_plain_numbers_work_on_either_side_of_an_operator():
    a = Value(4.0)
    assert (a + 2).data == approx(6.0)
    assert (2 + a).data == approx(6.0)
    assert (a - 1).data == approx(3.0)
    assert (1 - a).data == approx(-3.0)
    assert (3 * a).data == approx(12.0)
    assert (a / 8).data == approx(0.5)
    assert (2 / a).data == approx(0.5)


def test_negation_power_exp_tanh_relu_compute_data():
    a = Value(2.0)
    assert (-a).data == approx(-2.0)
    assert (a**3).data == approx(8.0)
    assert (a**-1).data == approx(0.5)
    assert a.exp().data == approx(math.exp(2.0))
    assert a.tanh().data == approx(math.tanh(2.0))
    assert a.relu().data == approx(2.0)
    assert Value(-2.0).relu().data == approx(0.0)


def test_operation_leaves_operands_unchanged():
    a = Value(2.0)
    b = Value(5.0)
    a * b + a.exp()
    assert a.data == 2.0
    assert b.data == 5.0


def test_backward_sets_output_grad_to_one():
    a = Value(2.0)
    out = a * 3
    out.backward()
    assert out.grad == approx(1.0)


def test_backward_example_fills_every_node():
    a = Value(2.0)
    b = Value(-3.0)
    c = a * b
    d = c + 10
    e = d.relu()
    f = 2 * e - 1
    f.backward()
    assert f.data == approx(7.0)
    assert [e.grad, d.grad, c.grad] == [approx(2.0), approx(2.0), approx(2.0)]
    assert a.grad == approx(-6.0)
    assert b.grad == approx(4.0)


def test_backward_through_division():
    a = Value(3.0)
    b = Value(4.0)
    out = a / b
    out.backward()
    assert a.grad == approx(0.25)
    assert b.grad == approx(-3.0 / 16.0)


def test_backward_through_power():
    x = Value(2.0)
    out = x**3
    out.backward()
    assert x.grad == approx(12.0)


def test_backward_through_exp_and_tanh():
    x = Value(0.5)
    y = x.tanh()
    y.backward()
    assert y.data == approx(0.46211715726000974)
    assert x.grad == approx(0.7864477329659274)
    u = Value(1.5)
    w = u.exp()
    w.backward()
    assert u.grad == approx(math.exp(1.5))


def test_backward_through_relu_passes_positive_blocks_negative():
    p = Value(3.0)
    n = Value(-3.0)
    out_p = (p * 2).relu()
    out_n = (n * 2).relu()
    out_p.backward()
    out_n.backward()
    assert p.grad == approx(2.0)
    assert n.grad == approx(0.0)


def test_backward_through_reflected_subtraction_and_division():
    a = Value(2.0)
    out = 1 - a
    out.backward()
    assert a.grad == approx(-1.0)
    b = Value(2.0)
    out2 = 3 / b
    out2.backward()
    assert b.grad == approx(-0.75)
