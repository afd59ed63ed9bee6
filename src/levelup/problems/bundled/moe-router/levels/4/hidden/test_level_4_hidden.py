import moe
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}


def test_capacity_is_per_rank_not_per_batch():
    x = np.array([[1.0, 0.0]] * 4 + [[0.0, 1.0]] * 4)
    gate = np.array([[4.0, 0.0], [0.0, 4.0]])
    experts = np.stack([np.eye(2), 3 * np.eye(2)])
    out = moe.expert_parallel_layer(x, gate, experts, k=1, capacity_factor=1.0, world_size=2)
    # Each rank sees 4 tokens for one expert with capacity 2: two of its tokens drop.
    expected = [[1, 0], [1, 0], [0, 0], [0, 0], [0, 3], [0, 3], [0, 0], [0, 0]]
    assert_allclose(out["output"], expected, **TOL)
    whole = moe.moe_layer(x, gate, experts, 1, 1.0)
    assert_allclose(whole, [[1, 0]] * 4 + [[0, 3]] * 4, **TOL)


def test_larger_seeded_layer_with_four_ranks_and_no_capacity_limit():
    rng = np.random.default_rng(30)
    x, gate, experts = rng.normal(size=(32, 6)), rng.normal(size=(6, 8)), rng.normal(size=(8, 6, 4))
    out = moe.expert_parallel_layer(x, gate, experts, k=2, capacity_factor=None, world_size=4)
    assert_allclose(out["output"], moe.moe_layer(x, gate, experts, 2), **TOL)
    for row in out["dispatch"]:
        for buffer in row:
            assert buffer.shape == (2, 8, 6)
    assert out["elements_sent"] == [3 * 2 * 8 * 10] * 4


def test_unused_slots_stay_zero():
    rng = np.random.default_rng(31)
    x, gate, experts = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(2, 3, 3))
    out = moe.expert_parallel_layer(x, gate, experts, k=1, capacity_factor=2.0, world_size=1)
    routing = moe.top_k_gating(x @ gate, 1, 2.0)
    buffer = out["dispatch"][0][0]
    used = np.zeros(buffer.shape[:2], dtype=bool)
    for (e,), (p,) in zip(routing["experts"], routing["positions"], strict=True):
        used[e, p] = True
    assert np.all(buffer[~used] == 0.0)


def test_mismatched_shapes_raise_value_error():
    x, gate, experts = np.zeros((4, 3)), np.zeros((3, 2)), np.zeros((2, 3, 5))
    with pytest.raises(ValueError):
        moe.moe_layer(x, np.zeros((4, 2)), experts, 1)
    with pytest.raises(ValueError):
        moe.moe_layer(x, gate, np.zeros((3, 3, 5)), 1)
    with pytest.raises(ValueError):
        moe.expert_parallel_layer(x, gate, experts, 1, None, 0)


def test_earlier_levels_keep_working():
    assert moe.expert_capacity(8, 4, 2, 1.25) == 5
    assert moe.load_balancing_loss(np.zeros((4, 4))) == pytest.approx(1.0, rel=1e-12)
