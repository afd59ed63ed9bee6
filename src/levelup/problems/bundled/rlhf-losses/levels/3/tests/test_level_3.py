import math

import numpy as np
import pytest
import rlhf
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-6, "atol": 1e-9}

REWARDS = np.array([[0.0, 0.0, 1.0, 0.0], [0.0, 2.0, 0.0, 0.0]])
VALUES = np.array([[0.5, 0.6, 0.7, 9.0], [1.0, 1.5, 5.0, 5.0]])
MASK = np.array([[1, 1, 1, 0], [1, 1, 0, 0]])


def gae_by_sums(rewards, values, mask, gamma, lam):
    """Per-row reference: advantages[t] = sum_l (gamma * lam)**l * delta[t + l]."""
    advantages = np.zeros(rewards.shape)
    for b in range(rewards.shape[0]):
        length = int(np.count_nonzero(mask[b]))
        next_values = [values[b, t + 1] if t + 1 < length else 0.0 for t in range(length)]
        deltas = [rewards[b, t] + gamma * next_values[t] - values[b, t] for t in range(length)]
        for t in range(length):
            advantages[b, t] = sum((gamma * lam) ** k * deltas[t + k] for k in range(length - t))
    returns = np.where(mask != 0, advantages + values, 0.0)
    return advantages, returns


def test_gae_gamma_one_lambda_one_hand_example():
    advantages, returns = rlhf.gae(REWARDS, VALUES, MASK, 1.0, 1.0)
    assert advantages.shape == (2, 4) and advantages.dtype == np.float64
    assert_allclose(advantages, [[0.5, 0.4, 0.3, 0.0], [1.0, 0.5, 0.0, 0.0]], **TOL)
    assert_allclose(returns, [[1.0, 1.0, 1.0, 0.0], [2.0, 2.0, 0.0, 0.0]], **TOL)


def test_gae_discounted_hand_example():
    advantages, returns = rlhf.gae(REWARDS, VALUES, MASK, 0.9, 0.5)
    assert_allclose(advantages[0], [0.11425, 0.165, 0.3, 0.0], **TOL)
    assert_allclose(returns[0], [0.61425, 0.765, 1.0, 0.0], **TOL)


def test_gae_lambda_zero_gives_one_step_td_error():
    advantages, _ = rlhf.gae(REWARDS, VALUES, MASK, 0.9, 0.0)
    assert_allclose(advantages, [[0.04, 0.03, 0.3, 0.0], [0.35, 0.5, 0.0, 0.0]], **TOL)


def test_gae_returns_are_advantages_plus_values_on_real_tokens():
    rng = np.random.default_rng(0)
    rewards = rng.normal(size=(3, 5))
    values = rng.normal(size=(3, 5))
    mask = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]])
    advantages, returns = rlhf.gae(rewards, values, mask, 0.95, 0.9)
    assert_allclose(returns, np.where(mask == 1, advantages + values, 0.0), **TOL)


def test_gae_does_not_bootstrap_past_last_real_token():
    rewards = np.array([[0.0, 1.0, 0.0]])
    mask = np.array([[1, 1, 0]])
    low = rlhf.gae(rewards, np.array([[0.2, 0.4, 0.0]]), mask, 0.9, 0.8)
    high = rlhf.gae(rewards, np.array([[0.2, 0.4, 100.0]]), mask, 0.9, 0.8)
    assert_allclose(high[0], low[0], **TOL)
    assert_allclose(high[0], [[(0.9 * 0.4 - 0.2) + 0.72 * 0.6, 0.6, 0.0]], **TOL)


def test_gae_padded_positions_are_zero():
    rng = np.random.default_rng(1)
    mask = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 1, 0]], dtype=bool)
    advantages, returns = rlhf.gae(rng.normal(size=(2, 5)), rng.normal(size=(2, 5)), mask, 0.99, 0.95)
    assert np.all(advantages[~mask] == 0.0)
    assert np.all(returns[~mask] == 0.0)


def test_gae_rows_of_different_lengths_match_sum_formula():
    rng = np.random.default_rng(2)
    rewards = rng.normal(size=(4, 7))
    values = rng.normal(size=(4, 7))
    lengths = [7, 4, 1, 6]
    mask = (np.arange(7)[None, :] < np.array(lengths)[:, None]).astype(np.float64)
    expected_adv, expected_ret = gae_by_sums(rewards, values, mask, 0.97, 0.9)
    advantages, returns = rlhf.gae(rewards, values, mask, 0.97, 0.9)
    assert_allclose(advantages, expected_adv, **TOL)
    assert_allclose(returns, expected_ret, **TOL)


def test_gae_gamma_or_lambda_outside_unit_interval_raises_value_error():
    with pytest.raises(ValueError):
        rlhf.gae(REWARDS, VALUES, MASK, 1.1, 0.95)
    with pytest.raises(ValueError):
        rlhf.gae(REWARDS, VALUES, MASK, 0.99, -0.1)


def test_masked_whiten_uses_biased_variance_hand_example():
    out = rlhf.masked_whiten(np.array([[1.0, 2.0, 3.0, 100.0]]), np.array([[1, 1, 1, 0]]))
    scale = 1 / math.sqrt(2 / 3 + 1e-8)
    assert out.dtype == np.float64
    assert_allclose(out, [[-scale, 0.0, scale, 0.0]], **TOL)


def test_masked_whiten_gives_zero_mean_unit_variance_on_real_tokens():
    rng = np.random.default_rng(3)
    x = rng.normal(3.0, 5.0, size=(3, 6))
    mask = np.array([[1, 1, 1, 1, 1, 1], [1, 1, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0]], dtype=bool)
    out = rlhf.masked_whiten(x, mask)
    assert np.mean(out[mask]) == pytest.approx(0.0, abs=1e-9)
    assert np.var(out[mask]) == pytest.approx(1.0, rel=1e-6)
    assert np.all(out[~mask] == 0.0)
