import math

import numpy as np
import pytest
import tensor_parallel as tp
from numpy.testing import assert_allclose

C = math.sqrt(2 / math.pi)


def gelu(x):
    return 0.5 * x * (1 + np.tanh(C * (x + 0.044715 * x**3)))


def gelu_grad(x):
    t = np.tanh(C * (x + 0.044715 * x**3))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * C * (1 + 3 * 0.044715 * x**2)


def test_eight_ranks_wide_block_gradients_and_traffic():
    rng = np.random.default_rng(40)
    x, w1, b1 = rng.normal(size=(16, 8)), rng.normal(size=(8, 32)), rng.normal(size=32)
    w2, b2, dy = rng.normal(size=(32, 4)), rng.normal(size=4), rng.normal(size=(16, 4))
    block = tp.MegatronMLP(w1, b1, w2, b2, 8)
    block.forward(x)
    dx = block.backward(dy)
    z = x @ w1 + b1
    dz = (dy @ w2.T) * gelu_grad(z)
    assert_allclose(dx, dz @ w1.T, rtol=1e-9, atol=1e-12)
    assert_allclose(block.gradients()["w1"], x.T @ dz, rtol=1e-9, atol=1e-12)
    assert_allclose(block.gradients()["w2"], gelu(z).T @ dy, rtol=1e-9, atol=1e-12)
    # forward S = 64: 2 * 7 * 64 // 8 = 112; backward S = 128: 224
    assert block.communication() == {"all_gather": 0, "all_reduce": 2, "elements_sent": [336] * 8}


def test_column_layer_without_gather_takes_gradient_blocks():
    rng = np.random.default_rng(41)
    x, w, b, dy = rng.normal(size=(3, 4)), rng.normal(size=(4, 6)), rng.normal(size=6), rng.normal(size=(3, 6))
    layer = tp.ColumnParallelLinear(w, b, 3, gather_output=False)
    layer.forward(x)
    dx = layer.backward([dy[:, 0:2], dy[:, 2:4], dy[:, 4:6]])
    assert_allclose(dx, dy @ w.T, rtol=1e-9, atol=1e-12)
    assert layer.communication() == {"all_gather": 0, "all_reduce": 1, "elements_sent": [16, 16, 16]}
    with pytest.raises(ValueError):
        layer.backward([dy[:, 0:3], dy[:, 3:6]])


def test_layer_gradients_need_a_backward_and_a_valid_rank():
    layer = tp.RowParallelLinear(np.ones((4, 2)), np.zeros(2), 2)
    with pytest.raises(ValueError):
        layer.gradients(0)
    with pytest.raises(ValueError):
        layer.backward(np.ones((1, 2)))
    layer.forward(np.ones((1, 4)))
    layer.backward(np.ones((1, 2)))
    with pytest.raises(ValueError):
        layer.gradients(2)
    assert_allclose(layer.gradients(1)["weight"], np.ones((2, 2)), rtol=1e-12)


def test_single_rank_block_backward_equals_single_device():
    rng = np.random.default_rng(42)
    x, w1, b1 = rng.normal(size=(2, 3)), rng.normal(size=(3, 5)), rng.normal(size=5)
    w2, b2, dy = rng.normal(size=(5, 3)), rng.normal(size=3), rng.normal(size=(2, 3))
    block = tp.MegatronMLP(w1, b1, w2, b2, 1)
    block.forward(x)
    dz = (dy @ w2.T) * gelu_grad(x @ w1 + b1)
    assert_allclose(block.backward(dy), dz @ w1.T, rtol=1e-9, atol=1e-12)
    assert_allclose(block.gradients()["b1"], dz.sum(0), rtol=1e-9, atol=1e-12)
    assert_allclose(block.gradients()["b2"], dy.sum(0), rtol=1e-9, atol=1e-12)
    assert block.communication()["elements_sent"] == [0]
