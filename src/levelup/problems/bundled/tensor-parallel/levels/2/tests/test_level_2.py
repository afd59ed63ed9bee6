import numpy as np
import pytest
import tensor_parallel as tp
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
WEIGHT = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
BIAS = np.array([0.5, -0.5])
X = np.array([[1.0, 1.0, 2.0, 0.0]])


def test_all_reduce_gives_every_rank_the_sum():
    out = tp.all_reduce([np.array([1.0, 2.0]), np.array([10.0, 20.0]), np.array([100.0, 200.0])])
    assert len(out) == 3
    for array in out:
        assert_allclose(array, [111.0, 222.0], **TOL)


def test_all_reduce_results_are_independent_copies():
    inputs = [np.ones(2), np.ones(2)]
    out = tp.all_reduce(inputs)
    out[0][0] = 99.0
    assert_allclose(out[1], [2.0, 2.0], **TOL)
    assert_allclose(inputs[0], [1.0, 1.0], **TOL)


def test_all_reduce_rejects_mismatched_shapes_and_no_ranks():
    with pytest.raises(ValueError):
        tp.all_reduce([np.ones(2), np.ones(3)])
    with pytest.raises(ValueError):
        tp.all_reduce([])


def test_hand_example_shard():
    shard = tp.RowParallelLinear(WEIGHT, BIAS, 2).shard(0)
    assert_allclose(shard["weight"], [[1.0, 2.0], [3.0, 4.0]], **TOL)
    assert_allclose(shard["bias"], BIAS, **TOL)


def test_hand_example_partial_outputs_have_no_bias():
    outputs = tp.RowParallelLinear(WEIGHT, BIAS, 2).partial_outputs(X)
    assert len(outputs) == 2
    assert_allclose(outputs[0], [[4.0, 6.0]], **TOL)
    assert_allclose(outputs[1], [[10.0, 12.0]], **TOL)


def test_hand_example_forward_adds_the_bias_once():
    out = tp.RowParallelLinear(WEIGHT, BIAS, 2).forward(X)
    assert out.dtype == np.float64
    assert_allclose(out, [[14.5, 17.5]], **TOL)


def test_forward_equals_single_device_on_seeded_data():
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(7, 12)), rng.normal(size=(12, 5)), rng.normal(size=5)
    assert_allclose(tp.RowParallelLinear(w, b, 4).forward(x), x @ w + b, **TOL)


def test_partial_outputs_sum_to_the_product_without_bias():
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=(3, 6)), rng.normal(size=(6, 4)), rng.normal(size=4)
    outputs = tp.RowParallelLinear(w, b, 3).partial_outputs(x)
    for rank in range(3):
        assert_allclose(outputs[rank], x[:, 2 * rank : 2 * rank + 2] @ w[2 * rank : 2 * rank + 2], **TOL)
    assert_allclose(sum(outputs), x @ w, **TOL)


def test_world_size_must_divide_the_input_features():
    with pytest.raises(ValueError):
        tp.RowParallelLinear(WEIGHT, BIAS, 3)
    with pytest.raises(ValueError):
        tp.RowParallelLinear(WEIGHT, np.zeros(4), 2)


def test_input_with_the_wrong_width_raises_value_error():
    with pytest.raises(ValueError):
        tp.RowParallelLinear(WEIGHT, BIAS, 2).forward(np.ones((1, 2)))


def test_column_layer_still_works():
    rng = np.random.default_rng(2)
    x, w, b = rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    assert_allclose(tp.ColumnParallelLinear(w, b, 2).forward(x), x @ w + b, **TOL)
