import moe
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 0.0]])
GATE = np.array([[4.0, 0.0], [0.0, 4.0]])
EXPERTS = np.stack([np.eye(2), 2 * np.eye(2)])


def seeded_layer(seed, tokens=8, d=3, num_experts=4, h=2):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(tokens, d)), rng.normal(size=(d, num_experts)), rng.normal(size=(num_experts, d, h))


def test_moe_layer_hand_example():
    out = moe.moe_layer(X, GATE, EXPERTS, k=1)
    assert out.dtype == np.float64
    assert_allclose(out, [[1, 0], [0, 2], [1, 1], [2, 0]], **TOL)


def test_moe_layer_mixes_experts_with_the_routing_weights():
    x, gate, experts = seeded_layer(0)
    routing = moe.top_k_gating(x @ gate, 2)
    expected = np.zeros((8, 2))
    for t in range(8):
        for e, w in zip(routing["experts"][t], routing["weights"][t], strict=True):
            expected[t] += w * (x[t] @ experts[e])
    assert_allclose(moe.moe_layer(x, gate, experts, k=2), expected, **TOL)


def test_moe_layer_gives_dropped_tokens_a_zero_row():
    out = moe.moe_layer(X, GATE, EXPERTS, k=1, capacity_factor=0.5)
    # capacity = ceil(0.5 * 4 / 2) = 1: token 0 takes expert 0, token 1 expert 1; 2 and 3 drop.
    assert_allclose(out, [[1, 0], [0, 2], [0, 0], [0, 0]], **TOL)


def test_hand_example_dispatch_buffers():
    out = moe.expert_parallel_layer(X, GATE, EXPERTS, k=1, capacity_factor=1.0, world_size=2)
    assert_allclose(out["dispatch"][0][0], [[[1.0, 0.0]]], **TOL)
    assert_allclose(out["dispatch"][0][1], [[[0.0, 1.0]]], **TOL)
    assert_allclose(out["dispatch"][1][0], [[[1.0, 1.0]]], **TOL)
    assert_allclose(out["dispatch"][1][1], [[[0.0, 0.0]]], **TOL)


def test_hand_example_output_and_elements_sent():
    out = moe.expert_parallel_layer(X, GATE, EXPERTS, k=1, capacity_factor=1.0, world_size=2)
    assert_allclose(out["output"], [[1, 0], [0, 2], [1, 1], [0, 0]], **TOL)
    assert out["elements_sent"] == [4, 4]


def test_parallel_output_equals_moe_layer_on_each_shard():
    x, gate, experts = seeded_layer(1, tokens=12, num_experts=4)
    out = moe.expert_parallel_layer(x, gate, experts, k=2, capacity_factor=1.0, world_size=2)
    expected = np.concatenate([moe.moe_layer(shard, gate, experts, 2, 1.0) for shard in np.split(x, 2)])
    assert out["output"].shape == (12, 2)
    assert_allclose(out["output"], expected, **TOL)


def test_one_rank_equals_moe_layer():
    x, gate, experts = seeded_layer(2)
    out = moe.expert_parallel_layer(x, gate, experts, k=2, capacity_factor=1.25, world_size=1)
    assert_allclose(out["output"], moe.moe_layer(x, gate, experts, 2, 1.25), **TOL)
    assert out["elements_sent"] == [0]


def test_dispatch_buffers_have_capacity_shape():
    x, gate, experts = seeded_layer(3, tokens=8, d=3, num_experts=4)
    out = moe.expert_parallel_layer(x, gate, experts, k=2, capacity_factor=1.5, world_size=2)
    # T_local = 4, capacity = ceil(1.5 * 4 * 2 / 4) = 3, E_local = 2
    assert len(out["dispatch"]) == 2
    for row in out["dispatch"]:
        assert len(row) == 2
        for buffer in row:
            assert buffer.shape == (2, 3, 3)


def test_every_kept_assignment_lands_in_its_slot():
    x, gate, experts = seeded_layer(4, tokens=8, num_experts=4)
    out = moe.expert_parallel_layer(x, gate, experts, k=2, capacity_factor=1.0, world_size=4)
    for rank, shard in enumerate(np.split(x, 4)):
        routing = moe.top_k_gating(shard @ gate, 2, 1.0)
        for t, (chosen, slots) in enumerate(zip(routing["experts"], routing["positions"], strict=True)):
            for e, p in zip(chosen, slots, strict=True):
                if p >= 0:
                    assert_allclose(out["dispatch"][rank][e][0, p], shard[t], **TOL)


def test_elements_sent_counts_both_all_to_alls():
    x, gate, experts = seeded_layer(5, tokens=8, d=3, num_experts=4, h=5)
    out = moe.expert_parallel_layer(x, gate, experts, k=1, capacity_factor=2.0, world_size=2)
    # E_local = 2, C = ceil(2.0 * 4 / 4) = 2: (2 - 1) * 2 * 2 * (3 + 5)
    assert out["elements_sent"] == [32, 32]


def test_world_size_that_does_not_divide_tokens_or_experts_raises_value_error():
    x, gate, experts = seeded_layer(6, tokens=6, num_experts=4)
    with pytest.raises(ValueError):
        moe.expert_parallel_layer(x, gate, experts, 1, None, 4)
    with pytest.raises(ValueError):
        moe.expert_parallel_layer(x, gate, experts, 1, None, 3)
