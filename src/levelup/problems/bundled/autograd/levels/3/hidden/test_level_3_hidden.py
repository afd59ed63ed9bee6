import numpy as np
import pytest
from autograd import Tensor
from numpy.testing import assert_allclose


def close(actual, expected):
    assert_allclose(actual, expected, rtol=1e-9, atol=1e-12)


def numeric_grad(f, x, h=1e-6):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2 * h)
    return grad


def test_zero_dimensional_tensor_broadcast_to_matrix_gets_summed_grad():
    x_np = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]])
    s = Tensor(2.0)
    (Tensor(x_np) * s).sum().backward()
    assert s.shape == ()
    close(s.grad, x_np.sum())


def test_two_layer_network_matches_finite_differences():
    rng = np.random.default_rng(7)
    x_np = rng.normal(size=(4, 3))
    y_np = rng.normal(size=(4, 2))
    params = [rng.normal(size=(3, 5)), rng.normal(size=(5,)), rng.normal(size=(5, 2)), rng.normal(size=(2,))]

    def loss_np(w1, b1, w2, b2):
        return float((((np.tanh(x_np @ w1 + b1) @ w2 + b2) - y_np) ** 2).mean())

    w1, b1, w2, b2 = (Tensor(p) for p in params)
    loss = (((Tensor(x_np) @ w1 + b1).tanh() @ w2 + b2 - Tensor(y_np)) ** 2).mean()
    loss.backward()
    close(loss.data, loss_np(*params))
    for i, tensor in enumerate((w1, b1, w2, b2)):
        def f(p, i=i):
            return loss_np(*[p if j == i else q for j, q in enumerate(params)])

        assert_allclose(tensor.grad, numeric_grad(f, params[i]), rtol=1e-5, atol=1e-7)


def test_division_by_broadcast_tensor_matches_finite_differences():
    rng = np.random.default_rng(3)
    a_np = rng.normal(size=(2, 3))
    b_np = rng.uniform(1.0, 2.0, size=(3,))
    a, b = Tensor(a_np), Tensor(b_np)
    (a / b).sum().backward()
    assert b.grad.shape == (3,)
    assert_allclose(b.grad, numeric_grad(lambda v: float((a_np / v).sum()), b_np), rtol=1e-5, atol=1e-7)
    close(a.grad, np.broadcast_to(1.0 / b_np, (2, 3)))


def test_tensor_used_twice_accumulates_and_zero_grad_resets():
    x_np = np.array([1.0, -2.0, 0.5])
    x = Tensor(x_np)
    out = (x * x + x).sum()
    out.backward()
    out.backward()
    close(x.grad, 2 * (2 * x_np + 1))
    close(out.grad, 2.0)
    out.zero_grad()
    close(x.grad, np.zeros(3))
    close(out.grad, 0.0)


def test_negative_axis_mean_with_keepdims():
    data = np.arange(12.0).reshape(2, 2, 3)
    t = Tensor(data)
    m = t.mean(axis=-1, keepdims=True)
    assert m.shape == (2, 2, 1)
    close(m.data, data.mean(axis=-1, keepdims=True))
    (m * Tensor(np.array([[[1.0], [2.0]], [[3.0], [4.0]]]))).sum().backward()
    close(t.grad, np.repeat(np.array([[[1.0], [2.0]], [[3.0], [4.0]]]) / 3, 3, axis=-1))


def test_shapes_that_do_not_fit_raise_value_error():
    with pytest.raises(ValueError):
        Tensor(np.ones((2, 3))) + Tensor(np.ones((4,)))
    with pytest.raises(ValueError):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError):
        Tensor(np.ones(6)).reshape((4, 2))
