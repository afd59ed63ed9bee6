import numpy as np
import pytest
import tensor_parallel as tp
from numpy.testing import assert_allclose


def test_layer_keeps_its_own_copy_of_the_weights():
    weight = np.ones((2, 4))
    bias = np.zeros(4)
    layer = tp.ColumnParallelLinear(weight, bias, 2)
    weight[:] = 7.0
    bias[:] = 7.0
    assert_allclose(layer.forward(np.ones((1, 2))), [[2.0, 2.0, 2.0, 2.0]], rtol=1e-12)
    shard = layer.shard(0)
    shard["weight"][:] = -1.0
    assert_allclose(layer.shard(0)["weight"], np.ones((2, 2)), rtol=1e-12)


def test_integer_and_float32_inputs_give_float64_results():
    weight = np.arange(6, dtype=np.int64).reshape(2, 3)
    layer = tp.ColumnParallelLinear(weight, np.zeros(3, dtype=np.float32), 3)
    out = layer.forward(np.array([[1.0, 0.5]], dtype=np.float32))
    assert out.dtype == np.float64
    assert_allclose(out, [[1.5, 3.0, 4.5]], rtol=1e-12)
    assert all(o.dtype == np.float64 for o in layer.rank_outputs(np.ones((2, 2))))


def test_larger_layer_with_many_tokens():
    rng = np.random.default_rng(20)
    x, w, b = rng.normal(size=(64, 16)), rng.normal(size=(16, 32)), rng.normal(size=32)
    assert_allclose(tp.ColumnParallelLinear(w, b, 8).forward(x), x @ w + b, rtol=1e-9, atol=1e-12)


def test_non_2d_weight_or_input_raises_value_error():
    with pytest.raises(ValueError):
        tp.ColumnParallelLinear(np.ones(4), np.ones(4), 1)
    layer = tp.ColumnParallelLinear(np.ones((2, 2)), np.ones(2), 2)
    with pytest.raises(ValueError):
        layer.rank_outputs(np.ones(2))
