import math

import numpy as np
import pytest
import tensor_parallel as tp
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}


def gelu(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def block_weights(seed, d=6, h=8, d_out=6, tokens=4):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(tokens, d)),
        rng.normal(size=(d, h)),
        rng.normal(size=h),
        rng.normal(size=(h, d_out)),
        rng.normal(size=d_out),
    )


def test_gelu_tanh_approximation_values():
    out = tp.gelu(np.array([0.0, 1.0, -1.0, 3.0]))
    assert out.dtype == np.float64
    assert_allclose(out, gelu(np.array([0.0, 1.0, -1.0, 3.0])), **TOL)
    assert_allclose(out[:3], [0.0, 0.8411919906, -0.1588080094], rtol=1e-9)


def test_single_device_mlp():
    x, w1, b1, w2, b2 = block_weights(0)
    assert_allclose(tp.mlp(x, w1, b1, w2, b2), gelu(x @ w1 + b1) @ w2 + b2, **TOL)


def test_megatron_block_equals_single_device():
    x, w1, b1, w2, b2 = block_weights(1)
    block = tp.MegatronMLP(w1, b1, w2, b2, 2)
    assert_allclose(block.forward(x), gelu(x @ w1 + b1) @ w2 + b2, **TOL)


def test_megatron_block_forward_is_one_all_reduce_and_no_gather():
    x, w1, b1, w2, b2 = block_weights(2)
    block = tp.MegatronMLP(w1, b1, w2, b2, 2)
    block.forward(x)
    assert block.communication() == {"all_gather": 0, "all_reduce": 1, "elements_sent": [24, 24]}


def test_counts_accumulate_over_forwards():
    x, w1, b1, w2, b2 = block_weights(3, d=4, h=8, d_out=4, tokens=4)
    block = tp.MegatronMLP(w1, b1, w2, b2, 4)
    for _ in range(3):
        block.forward(x)
    # S = 16, 2 * 3 * 16 // 4 = 24 per forward
    assert block.communication() == {"all_gather": 0, "all_reduce": 3, "elements_sent": [72] * 4}


def test_gathering_column_layer_counts_one_all_gather():
    x, w1, b1, _, _ = block_weights(4)
    layer = tp.ColumnParallelLinear(w1, b1, 2)
    assert layer.communication() == {"all_gather": 0, "all_reduce": 0, "elements_sent": [0, 0]}
    layer.forward(x)
    assert layer.communication() == {"all_gather": 1, "all_reduce": 0, "elements_sent": [16, 16]}


def test_column_layer_without_gather_returns_rank_blocks_and_sends_nothing():
    x, w1, b1, _, _ = block_weights(5)
    layer = tp.ColumnParallelLinear(w1, b1, 2, gather_output=False)
    out = layer.forward(x)
    assert len(out) == 2
    assert_allclose(out[1], (x @ w1 + b1)[:, 4:], **TOL)
    assert layer.communication() == {"all_gather": 0, "all_reduce": 0, "elements_sent": [0, 0]}


def test_row_layer_with_parallel_input_takes_blocks():
    _, _, _, w2, b2 = block_weights(6)
    hidden = np.random.default_rng(60).normal(size=(4, 8))
    layer = tp.RowParallelLinear(w2, b2, 2, input_is_parallel=True)
    out = layer.forward([hidden[:, :4], hidden[:, 4:]])
    assert_allclose(out, hidden @ w2 + b2, **TOL)
    assert layer.communication() == {"all_gather": 0, "all_reduce": 1, "elements_sent": [24, 24]}


def test_unsplit_layers_all_gather_once_and_all_reduce_once():
    x, w1, b1, w2, b2 = block_weights(7)
    first, second = tp.ColumnParallelLinear(w1, b1, 2), tp.RowParallelLinear(w2, b2, 2)
    out = second.forward(tp.gelu(first.forward(x)))
    assert_allclose(out, tp.mlp(x, w1, b1, w2, b2), **TOL)
    assert first.communication()["all_gather"] == 1
    assert second.communication()["all_reduce"] == 1


def test_parallel_input_with_the_wrong_number_of_blocks_raises_value_error():
    _, _, _, w2, b2 = block_weights(8)
    layer = tp.RowParallelLinear(w2, b2, 2, input_is_parallel=True)
    with pytest.raises(ValueError):
        layer.forward([np.ones((4, 4))])


def test_block_shapes_that_do_not_chain_raise_value_error():
    _, w1, b1, w2, b2 = block_weights(9)
    with pytest.raises(ValueError):
        tp.MegatronMLP(w1, b1, w2[:6], b2, 2)
    with pytest.raises(ValueError):
        tp.MegatronMLP(w1, b1, w2, b2, 3)
