import numpy as np
import pytest
import tensor_parallel as tp
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
WEIGHT = np.array([[1.0, 0.0, 2.0, -1.0], [0.0, 1.0, 1.0, 3.0]])
BIAS = np.array([0.5, 0.0, 0.0, 1.0])


def seeded(seed, tokens, d_in, d_out):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(tokens, d_in)), rng.normal(size=(d_in, d_out)), rng.normal(size=d_out)


def test_hand_example_forward():
    layer = tp.ColumnParallelLinear(WEIGHT, BIAS, 2)
    out = layer.forward(np.array([[1.0, 2.0]]))
    assert out.dtype == np.float64
    assert_allclose(out, [[1.5, 2.0, 4.0, 6.0]], **TOL)


def test_hand_example_rank_outputs():
    outputs = tp.ColumnParallelLinear(WEIGHT, BIAS, 2).rank_outputs(np.array([[1.0, 2.0]]))
    assert len(outputs) == 2
    assert_allclose(outputs[0], [[1.5, 2.0]], **TOL)
    assert_allclose(outputs[1], [[4.0, 6.0]], **TOL)


def test_shard_holds_a_contiguous_block_of_columns():
    shard = tp.ColumnParallelLinear(WEIGHT, BIAS, 2).shard(1)
    assert_allclose(shard["weight"], [[2.0, -1.0], [1.0, 3.0]], **TOL)
    assert_allclose(shard["bias"], [0.0, 1.0], **TOL)


def test_forward_equals_single_device_on_seeded_data():
    x, w, b = seeded(0, 6, 5, 8)
    assert_allclose(tp.ColumnParallelLinear(w, b, 4).forward(x), x @ w + b, **TOL)


def test_rank_outputs_are_column_blocks_of_the_full_output():
    x, w, b = seeded(1, 3, 4, 6)
    full = x @ w + b
    outputs = tp.ColumnParallelLinear(w, b, 3).rank_outputs(x)
    for rank in range(3):
        assert outputs[rank].shape == (3, 2)
        assert_allclose(outputs[rank], full[:, 2 * rank : 2 * rank + 2], **TOL)


def test_one_rank_holds_everything():
    x, w, b = seeded(2, 4, 3, 5)
    layer = tp.ColumnParallelLinear(w, b, 1)
    assert_allclose(layer.shard(0)["weight"], w, **TOL)
    assert_allclose(layer.forward(x), x @ w + b, **TOL)


def test_as_many_ranks_as_columns():
    x, w, b = seeded(3, 2, 3, 4)
    layer = tp.ColumnParallelLinear(w, b, 4)
    assert layer.shard(3)["weight"].shape == (3, 1)
    assert_allclose(layer.forward(x), x @ w + b, **TOL)


def test_world_size_must_divide_the_output_features():
    with pytest.raises(ValueError):
        tp.ColumnParallelLinear(WEIGHT, BIAS, 3)
    with pytest.raises(ValueError):
        tp.ColumnParallelLinear(WEIGHT, BIAS, 0)


def test_bias_must_match_the_output_features():
    with pytest.raises(ValueError):
        tp.ColumnParallelLinear(WEIGHT, np.zeros(2), 2)


def test_shard_of_a_missing_rank_raises_value_error():
    layer = tp.ColumnParallelLinear(WEIGHT, BIAS, 2)
    with pytest.raises(ValueError):
        layer.shard(2)
    with pytest.raises(ValueError):
        layer.shard(-1)


def test_input_with_the_wrong_width_raises_value_error():
    with pytest.raises(ValueError):
        tp.ColumnParallelLinear(WEIGHT, BIAS, 2).forward(np.ones((1, 3)))
