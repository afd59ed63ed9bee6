import math

import moe
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
HAND_LOGITS = np.array([[3.0, 2.0, 0.0], [3.0, 0.0, 2.0], [3.0, 2.0, 0.0], [0.0, 3.0, 2.0]])


def test_expert_capacity_rounds_up():
    assert moe.expert_capacity(8, 4, 2, 1.25) == 5
    assert moe.expert_capacity(10, 4, 1, 1.0) == 3
    assert moe.expert_capacity(16, 8, 1, 0.5) == 1


def test_expert_capacity_rejects_non_positive_factor():
    with pytest.raises(ValueError):
        moe.expert_capacity(8, 4, 1, 0.0)
    with pytest.raises(ValueError):
        moe.expert_capacity(8, 4, 1, -1.0)


def test_hand_example_positions_and_dropped_token():
    result = moe.top_k_gating(HAND_LOGITS, k=2, capacity_factor=0.75)
    assert result["experts"] == [[0, 1], [0, 2], [0, 1], [1, 2]]
    assert result["positions"] == [[0, 1], [1, 0], [-1, -1], [0, 1]]
    assert result["capacity"] == 2
    assert result["load"] == [2, 2, 2]
    assert result["dropped"] == [2]


def test_dropped_assignments_get_zero_weight_and_kept_ones_are_not_renormalised():
    result = moe.top_k_gating(HAND_LOGITS, k=2, capacity_factor=0.75)
    big, small = math.e / (math.e + 1), 1 / (math.e + 1)
    assert_allclose(np.array(result["weights"]), [[big, small], [big, small], [0, 0], [big, small]], **TOL)


def test_without_capacity_factor_nothing_is_dropped_and_capacity_is_t():
    logits = np.random.default_rng(0).normal(size=(6, 3))
    result = moe.top_k_gating(logits, k=2)
    assert result["capacity"] == 6
    assert result["dropped"] == []
    assert all(p >= 0 for row in result["positions"] for p in row)
    assert sum(result["load"]) == 12


def test_first_choices_take_slots_before_any_second_choice():
    # Token 0's second choice is expert 1; tokens 1 and 2 choose expert 1 first.
    logits = np.array([[2.0, 1.0, 0.0], [0.0, 2.0, 1.0], [0.0, 2.0, 1.0]])
    result = moe.top_k_gating(logits, k=2, capacity_factor=1.0)
    assert result["capacity"] == 2
    assert result["positions"][1][0] == 0
    assert result["positions"][2][0] == 1
    assert result["positions"][0] == [0, -1]


def test_first_choices_are_served_in_token_order():
    logits = np.tile([0.0, 5.0, 0.0, 0.0], (6, 1))
    result = moe.top_k_gating(logits, k=1, capacity_factor=1.0)
    assert result["capacity"] == 2
    assert result["positions"] == [[0], [1], [-1], [-1], [-1], [-1]]
    assert result["dropped"] == [2, 3, 4, 5]
    assert result["load"] == [0, 2, 0, 0]


def test_load_never_exceeds_capacity():
    logits = np.random.default_rng(1).normal(size=(40, 5)) + np.array([2.0, 1.0, 0.0, 0.0, -1.0])
    result = moe.top_k_gating(logits, k=2, capacity_factor=1.0)
    assert result["capacity"] == 16
    assert max(result["load"]) <= 16
    assert sum(result["load"]) == sum(p >= 0 for row in result["positions"] for p in row)


def test_slots_of_each_expert_are_numbered_from_zero_without_gaps():
    logits = np.random.default_rng(2).normal(size=(12, 4))
    result = moe.top_k_gating(logits, k=2, capacity_factor=1.25)
    for expert in range(4):
        slots = sorted(
            p
            for chosen, positions in zip(result["experts"], result["positions"], strict=True)
            for e, p in zip(chosen, positions, strict=True)
            if e == expert and p >= 0
        )
        assert slots == list(range(result["load"][expert]))


def test_a_token_keeping_one_expert_is_not_dropped():
    # capacity = ceil(0.75 * 2 * 2 / 3) = 1: token 1 loses expert 0 but keeps expert 2.
    logits = np.array([[5.0, 0.0, 0.0], [5.0, 0.0, 1.0]])
    result = moe.top_k_gating(logits, k=2, capacity_factor=0.75)
    assert result["capacity"] == 1
    assert result["positions"] == [[0, 0], [-1, 0]]
    assert result["dropped"] == []


def test_invalid_capacity_factor_raises_value_error():
    with pytest.raises(ValueError):
        moe.top_k_gating(HAND_LOGITS, k=1, capacity_factor=0.0)
