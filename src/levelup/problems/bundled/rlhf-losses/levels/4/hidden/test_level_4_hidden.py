import math

import numpy as np
import pytest
import rlhf


def approx(value):
    return pytest.approx(value, rel=1e-6, abs=1e-9)


def test_ppo_policy_loss_ignores_padding_and_is_token_level_mean():
    logprobs = np.array([[0.0, 0.0, 3.0], [0.0, 2.0, -4.0]])
    old = np.array([[0.0, 0.0, -3.0], [0.0, 9.0, 1.0]])
    advantages = np.array([[1.0, 2.0, 50.0], [6.0, -40.0, 70.0]])
    mask = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    loss, clip_fraction = rlhf.ppo_policy_loss(logprobs, old, advantages, mask, 0.2)
    assert loss == approx(-(1.0 + 2.0 + 6.0) / 3)  # a mean of row means would give -3.75
    assert clip_fraction == approx(0.0)


def test_ppo_clip_fraction_counts_only_tokens_where_clipping_raises_the_loss():
    delta = np.array([[0.5, 0.5, -0.5, -0.5, 0.1]])  # ratios e^0.5 > 1.2, e^-0.5 < 0.8, e^0.1 inside
    advantages = np.array([[1.0, -1.0, 1.0, -1.0, 3.0]])
    loss, clip_fraction = rlhf.ppo_policy_loss(delta, np.zeros((1, 5)), advantages, np.ones((1, 5)), 0.2)
    # clipped tokens: (A > 0, ratio > 1.2) and (A < 0, ratio < 0.8)
    per_token = [-1.2, math.exp(0.5), -math.exp(-0.5), 0.8, -3 * math.exp(0.1)]
    assert loss == approx(sum(per_token) / 5)
    assert clip_fraction == approx(2 / 5)


def test_ppo_value_loss_ignores_padding_and_uses_default_clip():
    values = np.array([[1.0, 50.0], [2.0, -50.0]])
    old_values = np.array([[0.0, -50.0], [2.0, 50.0]])
    returns = np.array([[1.0, 0.0], [0.0, 0.0]])
    mask = np.array([[True, False], [True, False]])
    # token (0, 0): clipped value 0.2, errors 0 and 0.64 -> 0.64; token (1, 0): errors 4 and 4 -> 4
    assert rlhf.ppo_value_loss(values, old_values, returns, mask) == approx(0.5 * (0.64 + 4.0) / 2)


def test_ppo_total_loss_default_coefficients_subtract_entropy():
    assert rlhf.ppo_total_loss(1.0, 2.0, 10.0) == approx(1.0 + 0.5 * 2.0 - 0.01 * 10.0)


def test_dpo_loss_equals_bradley_terry_on_implicit_rewards_and_rejects_bad_shapes():
    rng = np.random.default_rng(7)
    logps = [-rng.uniform(10, 100, size=6) for _ in range(4)]
    loss, chosen_rewards, rejected_rewards = rlhf.dpo_loss(*logps, beta=0.3)
    assert loss == approx(rlhf.bradley_terry_loss(chosen_rewards, rejected_rewards))
    assert loss == approx(float(np.mean(np.log1p(np.exp(-(chosen_rewards - rejected_rewards))))))
    with pytest.raises(ValueError):
        rlhf.dpo_loss(logps[0], logps[1], logps[2], logps[3][:5], beta=0.3)
    with pytest.raises(ValueError):
        rlhf.dpo_loss(*(np.array([]) for _ in range(4)), beta=0.3)


def test_full_ppo_pipeline_still_uses_earlier_levels():
    logprobs = np.array([[-1.0, -2.0, -0.5, -3.0], [-0.4, -0.6, -1.0, -1.0]])
    ref = np.array([[-1.5, -1.0, -0.5, -9.0], [-0.5, -0.5, -1.0, -1.0]])
    mask = np.array([[1, 1, 1, 0], [1, 1, 0, 0]])
    rewards = rlhf.shaped_rewards(np.array([2.0, 1.0]), logprobs, ref, mask, 0.1)
    values = np.array([[0.5, 0.5, 0.5, 0.0], [0.2, 0.2, 0.0, 0.0]])
    advantages, returns = rlhf.gae(rewards, values, mask, 1.0, 1.0)
    whitened = rlhf.masked_whiten(advantages, mask)
    policy_loss, clip_fraction = rlhf.ppo_policy_loss(logprobs, logprobs.copy(), whitened, mask)
    value_loss = rlhf.ppo_value_loss(values, values.copy(), returns, mask)
    assert policy_loss == approx(0.0)  # ratio 1 everywhere and whitened advantages have zero mean
    assert clip_fraction == approx(0.0)
    # returns = [2.05, 2.1, 2.0] and [1.0, 1.01], so the squared errors are those of advantages
    expected_value_loss = 0.5 * (1.55**2 + 1.6**2 + 1.5**2 + 0.8**2 + 0.81**2) / 5
    assert value_loss == approx(expected_value_loss)
    assert rlhf.ppo_total_loss(policy_loss, value_loss, 1.0) == approx(0.5 * expected_value_loss - 0.01)
    assert rlhf.bradley_terry_loss(np.array([1.0]), np.array([1.0])) == approx(math.log(2.0))
