import math

import numpy as np
import pytest
import rlhf
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-6, "atol": 1e-9}


def approx(value):
    return pytest.approx(value, rel=1e-6, abs=1e-9)


def softplus(x: float) -> float:
    return math.log1p(math.exp(x))


def test_ppo_policy_loss_with_unchanged_policy_is_minus_mean_advantage():
    rng = np.random.default_rng(0)
    logprobs = -rng.uniform(0.1, 3.0, size=(2, 4))
    advantages = rng.normal(size=(2, 4))
    mask = np.array([[1, 1, 1, 1], [1, 1, 0, 0]], dtype=bool)
    loss, clip_fraction = rlhf.ppo_policy_loss(logprobs, logprobs.copy(), advantages, mask, 0.2)
    assert isinstance(loss, float) and isinstance(clip_fraction, float)
    assert loss == approx(-advantages[mask].mean())
    assert clip_fraction == approx(0.0)


def test_ppo_policy_loss_clips_large_ratio_for_positive_advantage():
    loss, clip_fraction = rlhf.ppo_policy_loss(
        np.array([[0.5]]), np.array([[0.0]]), np.array([[2.0]]), np.array([[1]]), 0.2
    )
    assert loss == approx(-2.0 * 1.2)
    assert clip_fraction == approx(1.0)


def test_ppo_policy_loss_keeps_unclipped_term_when_it_is_larger():
    # negative advantage with a large ratio: the unclipped loss is the larger one, no clipping
    loss, clip_fraction = rlhf.ppo_policy_loss(
        np.array([[0.5]]), np.array([[0.0]]), np.array([[-2.0]]), np.array([[1]]), 0.2
    )
    assert loss == approx(2.0 * math.exp(0.5))
    assert clip_fraction == approx(0.0)


def test_ppo_policy_loss_hand_example_with_padding():
    loss, clip_fraction = rlhf.ppo_policy_loss(
        np.array([[-1.0, -2.0, -0.4, -5.0]]),
        np.array([[-1.5, -1.5, -0.5, -1.0]]),
        np.array([[1.0, 1.0, -2.0, 0.0]]),
        np.array([[1, 1, 1, 0]]),
        0.2,
    )
    assert loss == approx((-1.2 - math.exp(-0.5) + 2 * math.exp(0.1)) / 3)
    assert clip_fraction == approx(1 / 3)


def test_ppo_policy_loss_default_clip_eps_is_0_2():
    loss, _ = rlhf.ppo_policy_loss(np.array([[1.0]]), np.array([[0.0]]), np.array([[1.0]]), np.array([[1]]))
    assert loss == approx(-1.2)


def test_ppo_value_loss_without_change_is_half_mean_squared_error():
    values = np.array([[1.0, 2.0, 3.0], [0.0, 7.0, 7.0]])
    returns = np.array([[2.0, 2.0, 1.0], [3.0, 0.0, 0.0]])
    mask = np.array([[1, 1, 1], [1, 0, 0]])
    loss = rlhf.ppo_value_loss(values, values.copy(), returns, mask, 0.2)
    assert isinstance(loss, float)
    assert loss == approx(0.5 * (1.0 + 0.0 + 4.0 + 9.0) / 4)


def test_ppo_value_loss_takes_max_of_clipped_and_unclipped_error():
    loss = rlhf.ppo_value_loss(
        np.array([[1.0, 2.0]]), np.array([[1.5, 1.5]]), np.array([[0.0, 2.5]]), np.array([[1, 1]]), 0.2
    )
    assert loss == approx(0.5 * (1.69 + 0.64) / 2)


def test_entropy_bonus_is_masked_mean():
    result = rlhf.entropy_bonus(np.array([[2.0, 1.0, 9.0], [4.0, 9.0, 9.0]]), np.array([[1, 1, 0], [1, 0, 0]]))
    assert result == approx(7.0 / 3)


def test_ppo_total_loss_combines_with_coefficients():
    assert rlhf.ppo_total_loss(0.2, 0.5, 1.5, vf_coef=0.5, ent_coef=0.01) == approx(0.435)
    assert rlhf.ppo_total_loss(-1.0, 2.0, 3.0, vf_coef=0.25, ent_coef=0.1) == approx(-1.0 + 0.5 - 0.3)


def test_dpo_loss_hand_example_and_implicit_rewards():
    loss, chosen_rewards, rejected_rewards = rlhf.dpo_loss(
        np.array([-10.0, -20.0]),
        np.array([-12.0, -18.0]),
        np.array([-11.0, -20.0]),
        np.array([-11.0, -19.0]),
        beta=0.1,
    )
    assert isinstance(loss, float)
    assert loss == approx((softplus(-0.2) + softplus(0.1)) / 2)
    assert chosen_rewards.dtype == np.float64 and rejected_rewards.shape == (2,)
    assert_allclose(chosen_rewards, [0.1, 0.0], **TOL)
    assert_allclose(rejected_rewards, [-0.1, 0.1], **TOL)


def test_dpo_loss_with_policy_equal_to_reference_is_log_two():
    rng = np.random.default_rng(1)
    chosen = -rng.uniform(5, 50, size=5)
    rejected = -rng.uniform(5, 50, size=5)
    loss, chosen_rewards, rejected_rewards = rlhf.dpo_loss(chosen, rejected, chosen.copy(), rejected.copy(), 0.5)
    assert loss == approx(math.log(2.0))
    assert_allclose(chosen_rewards, np.zeros(5), **TOL)
    assert_allclose(rejected_rewards, np.zeros(5), **TOL)


def test_dpo_loss_stays_finite_for_huge_margins():
    loss, _, _ = rlhf.dpo_loss(np.array([-1e5]), np.array([0.0]), np.array([0.0]), np.array([0.0]), beta=0.1)
    assert loss == pytest.approx(1e4, rel=1e-6)
    loss, _, _ = rlhf.dpo_loss(np.array([1e5]), np.array([0.0]), np.array([0.0]), np.array([0.0]), beta=0.1)
    assert loss == approx(0.0)
