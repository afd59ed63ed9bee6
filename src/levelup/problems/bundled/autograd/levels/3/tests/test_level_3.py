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


def test_tensor_stores_float64_copy_with_zero_grad():
    source = np.array([[1, 2, 3], [4, 5, 6]])
    t = Tensor(source)
    source[0, 0] = 99
    assert t.data.dtype == np.float64
    assert t.shape == (2, 3)
    close(t.data, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert t.grad.dtype == np.float64
    close(t.grad, np.zeros((2, 3)))


def test_plain_number_gives_zero_dimensional_tensor():
    t = Tensor(2.5)
    assert t.shape == ()
    close(t.data, 2.5)


def test_elementwise_ops_with_numbers_on_either_side():
    t = Tensor([1.0, 2.0, 4.0])
    close((t + 1).data, [2.0, 3.0, 5.0])
    close((2 * t).data, [2.0, 4.0, 8.0])
    close((1 - t).data, [0.0, -1.0, -3.0])
    close((t / 2).data, [0.5, 1.0, 2.0])
    close((4 / t).data, [4.0, 2.0, 1.0])
    close((-t).data, [-1.0, -2.0, -4.0])
    close((t**2).data, [1.0, 4.0, 16.0])


def test_spec_example_matmul_bias_relu():
    x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    w = Tensor([[-1.0], [0.0], [1.0]])
    b = Tensor([0.5])
    y = (x @ w + b).relu()
    loss = y.sum()
    loss.backward()
    close(y.data, [[2.5], [2.5]])
    assert loss.shape == ()
    close(loss.data, 5.0)
    close(x.grad, [[-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0]])
    close(w.grad, [[5.0], [7.0], [9.0]])
    close(b.grad, [2.0])


def test_broadcast_column_times_row_sums_grads_back_to_each_shape():
    a = Tensor([[1.0], [2.0], [3.0]])
    c = Tensor([1.0, -1.0, 2.0, 0.5])
    (a * c).sum().backward()
    assert a.grad.shape == (3, 1)
    assert c.grad.shape == (4,)
    close(a.grad, [[2.5], [2.5], [2.5]])
    close(c.grad, [6.0, 6.0, 6.0, 6.0])


def test_bias_broadcast_over_rows_gets_gradient_summed_over_rows():
    rng = np.random.default_rng(0)
    x_np = rng.normal(size=(3, 4))
    x = Tensor(x_np)
    bias = Tensor(np.zeros(4))
    ((x + bias) * x).sum().backward()
    close(bias.grad, x_np.sum(axis=0))
    close(x.grad, 2 * x_np)


def test_sum_over_axis_with_and_without_keepdims():
    data = np.arange(6.0).reshape(2, 3)
    t = Tensor(data)
    s0 = t.sum(axis=0)
    s1 = t.sum(axis=1, keepdims=True)
    assert s0.shape == (3,)
    assert s1.shape == (2, 1)
    close(s0.data, [3.0, 5.0, 7.0])
    close(s1.data, [[3.0], [12.0]])
    (s0 * Tensor([1.0, 2.0, 3.0])).sum().backward()
    close(t.grad, [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])


def test_mean_gradient_is_divided_by_the_count():
    t = Tensor(np.ones((2, 5)))
    m = t.mean()
    m.backward()
    close(m.data, 1.0)
    close(t.grad, np.full((2, 5), 0.1))


def test_reshape_gradient_takes_the_original_shape():
    t = Tensor(np.arange(6.0))
    r = t.reshape((2, 3))
    assert r.shape == (2, 3)
    (r * Tensor([[1.0], [-1.0]])).sum().backward()
    close(t.grad, [1.0, 1.0, 1.0, -1.0, -1.0, -1.0])


def test_tanh_exp_relu_match_finite_differences():
    rng = np.random.default_rng(1)
    x_np = rng.uniform(0.2, 1.0, size=(3, 3)) * rng.choice([-1.0, 1.0], size=(3, 3))

    def f(x):
        return float((np.tanh(x) * np.exp(0.5 * x) + np.maximum(x, 0.0) ** 2).sum())

    x = Tensor(x_np)
    out = (x.tanh() * (x * 0.5).exp() + x.relu() ** 2).sum()
    out.backward()
    close(out.data, f(x_np))
    assert_allclose(x.grad, numeric_grad(f, x_np), rtol=1e-5, atol=1e-7)


def test_backward_on_multi_element_tensor_raises_value_error():
    t = Tensor([1.0, 2.0])
    y = t * 2
    with pytest.raises(ValueError):
        y.backward()
    close(t.grad, [0.0, 0.0])


def test_backward_on_one_by_one_tensor_is_allowed():
    a = Tensor([[1.0, 2.0]])
    b = Tensor([[3.0], [4.0]])
    out = a @ b
    assert out.shape == (1, 1)
    out.backward()
    close(out.grad, [[1.0]])
    close(a.grad, [[3.0, 4.0]])
    close(b.grad, [[1.0], [2.0]])


def test_matmul_of_non_2d_tensors_raises_value_error():
    with pytest.raises(ValueError):
        Tensor([1.0, 2.0]) @ Tensor([[1.0], [2.0]])
