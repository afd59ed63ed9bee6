import math

import moe
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}


def expected_softmax(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_softmax_of_two_logits():
    out = moe.softmax(np.array([0.0, math.log(3.0)]))
    assert out.dtype == np.float64
    assert_allclose(out, [0.25, 0.75], **TOL)


def test_softmax_is_over_the_last_axis_of_a_batch():
    logits = np.random.default_rng(0).normal(size=(3, 5))
    out = moe.softmax(logits)
    assert out.shape == (3, 5)
    assert_allclose(out.sum(axis=1), np.ones(3), **TOL)
    assert_allclose(out, expected_softmax(logits), **TOL)


def test_softmax_stays_finite_for_large_logits():
    assert_allclose(moe.softmax(np.array([1000.0, 1000.0])), [0.5, 0.5], **TOL)
    assert_allclose(moe.softmax(np.array([-1000.0, 0.0])), [0.0, 1.0], **TOL)


def test_top_k_gating_hand_example():
    result = moe.top_k_gating(np.array([[1.0, 2.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0]]), k=2)
    assert result["experts"] == [[2, 1], [0, 1]]
    assert_allclose(result["weights"][0], [math.e / (math.e + 1), 1 / (math.e + 1)], **TOL)
    assert_allclose(result["weights"][1], [0.5, 0.5], **TOL)
    assert result["load"] == [1, 2, 1, 0]


def test_each_token_chooses_k_distinct_experts():
    result = moe.top_k_gating(np.random.default_rng(3).normal(size=(7, 6)), k=3)
    assert len(result["experts"]) == 7
    assert all(len(set(chosen)) == 3 for chosen in result["experts"])
    assert sum(result["load"]) == 21


def test_top_1_weight_is_always_one():
    logits = np.random.default_rng(1).normal(size=(6, 4))
    result = moe.top_k_gating(logits, k=1)
    assert result["experts"] == [[int(np.argmax(row))] for row in logits]
    assert_allclose(np.array(result["weights"]), np.ones((6, 1)), **TOL)


def test_chosen_experts_are_listed_from_most_to_least_probable():
    logits = np.array([[0.1, 2.0, -1.0, 1.5, 0.7]])
    assert moe.top_k_gating(logits, k=4)["experts"] == [[1, 3, 4, 0]]


def test_weights_are_probabilities_renormalised_over_the_chosen_experts():
    logits = np.random.default_rng(2).normal(size=(5, 8))
    result = moe.top_k_gating(logits, k=3)
    probs = expected_softmax(logits)
    for token in range(5):
        chosen = result["experts"][token]
        expected = probs[token, chosen] / probs[token, chosen].sum()
        assert_allclose(result["weights"][token], expected, **TOL)
        assert sum(result["weights"][token]) == pytest.approx(1.0, rel=1e-12)


def test_ties_go_to_the_lower_expert_index():
    logits = np.array([[1.0, 3.0, 3.0, 3.0]])
    assert moe.top_k_gating(logits, k=2)["experts"] == [[1, 2]]


def test_load_counts_tokens_per_expert():
    logits = np.array([[5.0, 0.0, 0.0], [5.0, 1.0, 0.0], [0.0, 0.0, 5.0]])
    assert moe.top_k_gating(logits, k=1)["load"] == [2, 0, 1]
    assert moe.top_k_gating(logits, k=2)["load"] == [3, 2, 1]


def test_k_outside_one_to_num_experts_raises_value_error():
    logits = np.zeros((2, 4))
    with pytest.raises(ValueError):
        moe.top_k_gating(logits, k=0)
    with pytest.raises(ValueError):
        moe.top_k_gating(logits, k=5)
