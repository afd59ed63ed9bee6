import moe
import numpy as np
import pytest
from numpy.testing import assert_allclose


def test_first_choice_ties_count_for_the_lower_index_expert():
    logits = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    f = np.array([0.5, 0.5, 0.0])
    assert moe.load_balancing_loss(logits) == pytest.approx(3 * float(f @ p.mean(axis=0)), rel=1e-12)


def test_load_balancing_grad_closed_form_on_a_larger_batch():
    logits = np.random.default_rng(20).normal(size=(64, 8)) * 3.0
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    f = np.bincount(np.argmax(p, axis=1), minlength=8) / 64
    expected = 8 / 64 * p * (f[None, :] - (p @ f)[:, None])
    assert_allclose(moe.load_balancing_loss_grad(logits), expected, rtol=1e-9, atol=1e-12)


def test_level_3_functions_reject_bad_shapes():
    for bad in (np.zeros(3), np.zeros((2, 0)), np.zeros((1, 2, 3))):
        with pytest.raises(ValueError):
            moe.load_balancing_loss(bad)
        with pytest.raises(ValueError):
            moe.load_balancing_loss_grad(bad)
        with pytest.raises(ValueError):
            moe.router_z_loss_grad(bad)


def test_single_expert_has_loss_one_and_zero_gradient():
    logits = np.random.default_rng(21).normal(size=(5, 1))
    assert moe.load_balancing_loss(logits) == pytest.approx(1.0, rel=1e-12)
    assert_allclose(moe.load_balancing_loss_grad(logits), np.zeros((5, 1)), atol=1e-15)
    assert_allclose(moe.router_z_loss_grad(logits), 2 * logits / 5, rtol=1e-12)


def test_earlier_levels_still_route_with_capacity():
    logits = np.array([[3.0, 2.0, 0.0], [3.0, 0.0, 2.0], [3.0, 2.0, 0.0], [0.0, 3.0, 2.0]])
    result = moe.top_k_gating(logits, k=2, capacity_factor=0.75)
    assert result["positions"] == [[0, 1], [1, 0], [-1, -1], [0, 1]]
