import numpy as np
import pytest
import tensor_parallel as tp
from numpy.testing import assert_allclose


def test_column_then_row_with_a_gather_in_between_equals_two_matmuls():
    rng = np.random.default_rng(10)
    x, w1, b1 = rng.normal(size=(5, 4)), rng.normal(size=(4, 8)), rng.normal(size=8)
    w2, b2 = rng.normal(size=(8, 3)), rng.normal(size=3)
    hidden = tp.ColumnParallelLinear(w1, b1, 2).forward(x)
    out = tp.RowParallelLinear(w2, b2, 2).forward(hidden)
    assert_allclose(out, (x @ w1 + b1) @ w2 + b2, rtol=1e-9, atol=1e-12)


def test_row_layer_keeps_its_own_copies_and_returns_fresh_arrays():
    weight, bias = np.ones((2, 2)), np.zeros(2)
    layer = tp.RowParallelLinear(weight, bias, 2)
    weight[:] = 5.0
    bias[:] = 5.0
    layer.shard(1)["bias"][:] = 9.0
    assert_allclose(layer.forward(np.ones((1, 2))), [[2.0, 2.0]], rtol=1e-12)


def test_single_rank_all_reduce_and_layer():
    out = tp.all_reduce([np.array([[1.0, -2.0]])])
    assert len(out) == 1
    assert_allclose(out[0], [[1.0, -2.0]], rtol=1e-12)
    rng = np.random.default_rng(11)
    x, w, b = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
    assert_allclose(tp.RowParallelLinear(w, b, 1).forward(x), x @ w + b, rtol=1e-9, atol=1e-12)


def test_invalid_rank_and_world_size_raise_value_error():
    layer = tp.RowParallelLinear(np.ones((4, 2)), np.ones(2), 4)
    with pytest.raises(ValueError):
        layer.shard(4)
    with pytest.raises(ValueError):
        tp.RowParallelLinear(np.ones((4, 2)), np.ones(2), 0)
    with pytest.raises(ValueError):
        layer.partial_outputs(np.ones(4))
