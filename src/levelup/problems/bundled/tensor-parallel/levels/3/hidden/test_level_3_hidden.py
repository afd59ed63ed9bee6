import numpy as np
import pytest
import tensor_parallel as tp
from numpy.testing import assert_allclose


def test_wide_block_on_eight_ranks_with_different_output_width():
    rng = np.random.default_rng(30)
    x, w1, b1 = rng.normal(size=(16, 12)), rng.normal(size=(12, 48)), rng.normal(size=48)
    w2, b2 = rng.normal(size=(48, 8)), rng.normal(size=8)
    block = tp.MegatronMLP(w1, b1, w2, b2, 8)
    assert_allclose(block.forward(x), tp.mlp(x, w1, b1, w2, b2), rtol=1e-9, atol=1e-12)
    assert block.communication() == {"all_gather": 0, "all_reduce": 1, "elements_sent": [224] * 8}


def test_one_rank_counts_calls_but_sends_nothing():
    rng = np.random.default_rng(31)
    x, w1, b1 = rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    w2, b2 = rng.normal(size=(4, 3)), rng.normal(size=3)
    block = tp.MegatronMLP(w1, b1, w2, b2, 1)
    block.forward(x)
    assert block.communication() == {"all_gather": 0, "all_reduce": 1, "elements_sent": [0]}
    layer = tp.ColumnParallelLinear(w1, b1, 1)
    layer.forward(x)
    assert layer.communication() == {"all_gather": 1, "all_reduce": 0, "elements_sent": [0]}


def test_helpers_that_do_not_communicate_count_nothing():
    rng = np.random.default_rng(32)
    x, w, b = rng.normal(size=(2, 4)), rng.normal(size=(4, 4)), rng.normal(size=4)
    column, row = tp.ColumnParallelLinear(w, b, 2), tp.RowParallelLinear(w, b, 2)
    column.rank_outputs(x)
    column.shard(0)
    row.partial_outputs(x)
    tp.all_reduce([x, x])
    assert column.communication() == {"all_gather": 0, "all_reduce": 0, "elements_sent": [0, 0]}
    assert row.communication() == {"all_gather": 0, "all_reduce": 0, "elements_sent": [0, 0]}


def test_partial_outputs_accept_parallel_blocks():
    rng = np.random.default_rng(33)
    hidden, w, b = rng.normal(size=(3, 6)), rng.normal(size=(6, 2)), rng.normal(size=2)
    layer = tp.RowParallelLinear(w, b, 3, input_is_parallel=True)
    blocks = [hidden[:, 0:2], hidden[:, 2:4], hidden[:, 4:6]]
    outputs = layer.partial_outputs(blocks)
    assert_allclose(sum(outputs), hidden @ w, rtol=1e-9, atol=1e-12)
    with pytest.raises(ValueError):
        layer.partial_outputs([hidden[:, 0:3], hidden[:, 3:6], hidden[:, 0:0]])


def test_gelu_keeps_the_shape_of_any_array():
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
    out = tp.gelu(x)
    assert out.shape == (2, 3, 4)
    assert_allclose(out[1, 2], 0.5 * x[1, 2] * (1 + np.tanh(np.sqrt(2 / np.pi) * (x[1, 2] + 0.044715 * x[1, 2] ** 3))))
