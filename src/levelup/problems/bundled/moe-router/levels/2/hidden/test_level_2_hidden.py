import moe
import numpy as np
from numpy.testing import assert_allclose


def reference_routing(logits, k, capacity):
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    experts = [list(np.argsort(-row, kind="stable")[:k]) for row in probs]
    weights = [[row[e] / row[chosen].sum() for e in chosen] for row, chosen in zip(probs, experts, strict=True)]
    positions = [[-1] * k for _ in experts]
    load = [0] * logits.shape[1]
    for j in range(k):
        for t, chosen in enumerate(experts):
            if load[chosen[j]] < capacity:
                positions[t][j] = load[chosen[j]]
                load[chosen[j]] += 1
            else:
                weights[t][j] = 0.0
    return positions, weights, load


def test_seeded_batch_matches_the_stated_priority_rule():
    logits = np.random.default_rng(10).normal(size=(32, 8)) * 2.0
    result = moe.top_k_gating(logits, k=2, capacity_factor=1.0)
    positions, weights, load = reference_routing(logits, 2, 8)
    assert result["capacity"] == 8
    assert result["positions"] == positions
    assert result["load"] == load
    assert_allclose(np.array(result["weights"]), np.array(weights), rtol=1e-9, atol=1e-12)
    assert result["dropped"] == [t for t in range(32) if positions[t] == [-1, -1]]


def test_empty_batch_has_zero_capacity_and_nothing_dropped():
    result = moe.top_k_gating(np.zeros((0, 4)), k=2, capacity_factor=1.0)
    assert result["capacity"] == 0
    assert result["positions"] == []
    assert result["dropped"] == []
    assert result["load"] == [0, 0, 0, 0]


def test_large_capacity_factor_keeps_every_level_1_result():
    logits = np.random.default_rng(11).normal(size=(9, 3))
    limited = moe.top_k_gating(logits, k=2, capacity_factor=2.0)
    free = moe.top_k_gating(logits, k=2)
    assert limited["capacity"] == 12
    assert limited["experts"] == free["experts"]
    assert limited["load"] == free["load"]
    assert limited["positions"] == free["positions"]
    assert_allclose(np.array(limited["weights"]), np.array(free["weights"]), rtol=1e-12)


def test_capacity_of_a_fractional_product_rounds_up_to_the_next_integer():
    assert moe.expert_capacity(3, 2, 1, 1.0) == 2
    assert moe.expert_capacity(1, 64, 1, 1.0) == 1
    assert moe.expert_capacity(64, 8, 2, 1.5) == 24
