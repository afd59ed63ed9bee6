import math

import numpy as np
import pytest
import tensor_parallel as tp
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
C = math.sqrt(2 / math.pi)


def gelu(x):
    return 0.5 * x * (1 + np.tanh(C * (x + 0.044715 * x**3)))


def gelu_grad(x):
    t = np.tanh(C * (x + 0.044715 * x**3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * C * (1 + 3 * 0.044715 * x**2)


def reference_backward(x, w1, b1, w2, b2, dy):
    z = x @ w1 + b1
    a = gelu(z)
    dz = (dy @ w2.T) * gelu_grad(z)
    return {"x": dz @ w1.T, "w1": x.T @ dz, "b1": dz.sum(0), "w2": a.T @ dy, "b2": dy.sum(0)}


def block_inputs(seed, tokens=4, d=6, h=8, d_out=6):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=s) for s in ((tokens, d), (d, h), (h,), (h, d_out), (d_out,), (tokens, d_out))]


def test_column_layer_backward_hand_example():
    layer = tp.ColumnParallelLinear(np.eye(2), np.zeros(2), 2)
    layer.forward(np.array([[1.0, 2.0]]))
    assert_allclose(layer.backward(np.array([[3.0, 4.0]])), [[3.0, 4.0]], **TOL)
    grads = layer.gradients(1)
    assert_allclose(grads["weight"], [[4.0], [8.0]], **TOL)
    assert_allclose(grads["bias"], [4.0], **TOL)


def test_column_layer_gradients_are_blocks_of_single_device_gradients():
    x, w, b, _, _, _ = block_inputs(0)
    dy = np.random.default_rng(50).normal(size=(4, 8))
    layer = tp.ColumnParallelLinear(w, b, 4)
    layer.forward(x)
    assert_allclose(layer.backward(dy), dy @ w.T, **TOL)
    for rank in range(4):
        assert_allclose(layer.gradients(rank)["weight"], (x.T @ dy)[:, 2 * rank : 2 * rank + 2], **TOL)
        assert_allclose(layer.gradients(rank)["bias"], dy.sum(0)[2 * rank : 2 * rank + 2], **TOL)


def test_row_layer_backward_gathers_the_input_gradient():
    _, _, _, w, b, dy = block_inputs(1)
    x = np.random.default_rng(51).normal(size=(4, 8))
    layer = tp.RowParallelLinear(w, b, 2)
    layer.forward(x)
    assert_allclose(layer.backward(dy), dy @ w.T, **TOL)
    assert_allclose(layer.gradients(1)["weight"], (x.T @ dy)[4:], **TOL)
    assert_allclose(layer.gradients(0)["bias"], dy.sum(0), **TOL)
    assert layer.communication() == {"all_gather": 1, "all_reduce": 1, "elements_sent": [40, 40]}


def test_row_layer_with_parallel_input_returns_blocks_without_communicating():
    _, _, _, w, b, dy = block_inputs(2)
    hidden = np.random.default_rng(52).normal(size=(4, 8))
    layer = tp.RowParallelLinear(w, b, 2, input_is_parallel=True)
    layer.forward([hidden[:, :4], hidden[:, 4:]])
    blocks = layer.backward(dy)
    assert len(blocks) == 2
    assert_allclose(blocks[1], (dy @ w.T)[:, 4:], **TOL)
    assert layer.communication()["all_gather"] == 0


def test_block_input_gradient_equals_single_device():
    x, w1, b1, w2, b2, dy = block_inputs(3)
    block = tp.MegatronMLP(w1, b1, w2, b2, 2)
    block.forward(x)
    assert_allclose(block.backward(dy), reference_backward(x, w1, b1, w2, b2, dy)["x"], **TOL)


def test_block_parameter_gradients_equal_single_device():
    x, w1, b1, w2, b2, dy = block_inputs(4)
    block = tp.MegatronMLP(w1, b1, w2, b2, 4)
    block.forward(x)
    block.backward(dy)
    expected = reference_backward(x, w1, b1, w2, b2, dy)
    grads = block.gradients()
    assert sorted(grads) == ["b1", "b2", "w1", "w2"]
    for name in ("w1", "b1", "w2", "b2"):
        assert_allclose(grads[name], expected[name], **TOL)


def test_block_gradient_matches_finite_differences():
    x, w1, b1, w2, b2, dy = block_inputs(5, tokens=2, d=3, h=4, d_out=2)
    block = tp.MegatronMLP(w1, b1, w2, b2, 2)
    block.forward(x)
    dx = block.backward(dy)
    numeric = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[index] = 1e-6
        numeric[index] = ((tp.mlp(x + step, w1, b1, w2, b2) - tp.mlp(x - step, w1, b1, w2, b2)) * dy).sum() / 2e-6
    assert_allclose(dx, numeric, rtol=1e-5, atol=1e-7)


def test_forward_and_backward_cost_two_all_reduces():
    x, w1, b1, w2, b2, dy = block_inputs(6)
    block = tp.MegatronMLP(w1, b1, w2, b2, 2)
    block.forward(x)
    block.backward(dy)
    assert block.communication() == {"all_gather": 0, "all_reduce": 2, "elements_sent": [48, 48]}


def test_backward_uses_the_most_recent_forward():
    x, w1, b1, w2, b2, dy = block_inputs(7)
    block = tp.MegatronMLP(w1, b1, w2, b2, 2)
    block.forward(x + 10.0)
    block.forward(x)
    assert_allclose(block.backward(dy), reference_backward(x, w1, b1, w2, b2, dy)["x"], **TOL)


def test_backward_before_forward_raises_value_error():
    _, w1, b1, w2, b2, dy = block_inputs(8)
    block = tp.MegatronMLP(w1, b1, w2, b2, 2)
    with pytest.raises(ValueError):
        block.backward(dy)
    with pytest.raises(ValueError):
        block.gradients()


def test_gradient_of_the_wrong_shape_raises_value_error():
    x, w1, b1, w2, b2, _ = block_inputs(9)
    block = tp.MegatronMLP(w1, b1, w2, b2, 2)
    block.forward(x)
    with pytest.raises(ValueError):
        block.backward(np.ones((3, 6)))
