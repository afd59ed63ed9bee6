import numpy as np
import pytest
import rlhf
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-6, "atol": 1e-9}


def test_gae_ignores_rewards_and_values_at_padded_positions():
    rng = np.random.default_rng(10)
    rewards = rng.normal(size=(3, 6))
    values = rng.normal(size=(3, 6))
    mask = np.array([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 0], [1, 1, 0, 0, 0, 0]])
    clean = rlhf.gae(rewards, values, mask, 0.9, 0.95)
    noisy = rlhf.gae(np.where(mask == 1, rewards, 50.0), np.where(mask == 1, values, -80.0), mask, 0.9, 0.95)
    assert_allclose(noisy[0], clean[0], **TOL)
    assert_allclose(noisy[1], clean[1], **TOL)


def test_gae_row_without_real_tokens_is_all_zero():
    rewards = np.array([[1.0, 2.0, 3.0], [1.0, 0.0, 0.0]])
    values = np.array([[0.5, 0.5, 0.5], [0.25, 0.0, 0.0]])
    mask = np.array([[0, 0, 0], [1, 0, 0]])
    advantages, returns = rlhf.gae(rewards, values, mask, 0.9, 0.9)
    assert_allclose(advantages, [[0.0, 0.0, 0.0], [0.75, 0.0, 0.0]], **TOL)
    assert_allclose(returns, [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]], **TOL)


def test_gae_full_length_row_uses_zero_value_after_the_end():
    rewards = np.array([[0.0, 0.0, 2.0]])
    values = np.array([[1.0, 1.0, 1.0]])
    advantages, returns = rlhf.gae(rewards, values, np.ones((1, 3), dtype=bool), 0.5, 1.0)
    # delta = [0 + 0.5 - 1, 0 + 0.5 - 1, 2 + 0 - 1] = [-0.5, -0.5, 1.0]
    assert_allclose(advantages, [[-0.5 + 0.5 * 0.0, -0.5 + 0.5 * 1.0, 1.0]], **TOL)
    assert_allclose(returns, [[0.5, 1.0, 2.0]], **TOL)


def test_masked_whiten_single_real_entry_becomes_zero_and_empty_mask_raises():
    out = rlhf.masked_whiten(np.array([[4.0, 9.0, 9.0]]), np.array([[1.0, 0.0, 0.0]]))
    assert_allclose(out, [[0.0, 0.0, 0.0]], **TOL)
    with pytest.raises(ValueError):
        rlhf.masked_whiten(np.ones((2, 2)), np.zeros((2, 2), dtype=bool))


def test_masked_whiten_pools_mean_and_variance_over_all_rows():
    x = np.array([[0.0, 2.0, 7.0], [10.0, 0.0, 0.0]])
    mask = np.array([[1, 1, 0], [1, 0, 0]])
    # real entries 0, 2, 10: mean 4, biased var (16 + 4 + 36) / 3
    scale = 1 / np.sqrt(56 / 3 + 1e-8)
    assert_allclose(rlhf.masked_whiten(x, mask), [[-4 * scale, -2 * scale, 0.0], [6 * scale, 0.0, 0.0]], **TOL)


def test_shaped_rewards_through_gae_return_score_minus_remaining_kl():
    logprobs = np.array([[-1.0, -2.0, -0.5, -3.0], [-0.4, -0.6, -1.0, -1.0]])
    ref = np.array([[-1.5, -1.0, -0.5, -9.0], [-0.5, -0.5, -1.0, -1.0]])
    mask = np.array([[1, 1, 1, 0], [1, 1, 0, 0]])
    rewards = rlhf.shaped_rewards(np.array([2.0, 1.0]), logprobs, ref, mask, 0.1)
    _, returns = rlhf.gae(rewards, np.zeros((2, 4)), mask, 1.0, 1.0)
    # with gamma = lam = 1 and zero values, returns[t] = score - beta * (sum of k1 from t to the end)
    assert_allclose(returns, [[2.05, 2.1, 2.0, 0.0], [1.0, 1.01, 0.0, 0.0]], **TOL)
