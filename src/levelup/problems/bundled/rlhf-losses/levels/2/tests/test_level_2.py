import math

import numpy as np
import pytest
import rlhf
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-6, "atol": 1e-9}

LOGPROBS = np.array([[-1.0, -2.0, -0.5, -9.0], [-0.2, -0.3, -0.4, -0.5]])
REF_LOGPROBS = np.array([[-1.5, -1.0, -0.5, -3.0], [-0.2, -0.1, -0.4, -0.3]])
MASK = np.array([[1, 1, 1, 0], [1, 1, 1, 1]])


# Reward-model scores per token: pair 0's chosen response has 2 real tokens, its rejected one 3.
CHOSEN = np.array([[0.3, 1.0, 7.0], [2.0, 5.0, 0.0]])
CHOSEN_MASK = np.array([[1, 1, 0], [1, 1, 1]])
REJECTED = np.array([[0.0, 0.1, 0.0, -4.0], [9.0, 1.0, 1.0, 9.0]])
REJECTED_MASK = np.array([[1, 1, 1, 0], [1, 1, 0, 0]])


def neg_log_sigmoid(m):
    return np.log1p(np.exp(-m))


def random_logprobs(seed, shape=(3, 5)):
    rng = np.random.default_rng(seed)
    return -rng.uniform(0.05, 4.0, size=shape), -rng.uniform(0.05, 4.0, size=shape)


def test_kl_k1_is_logprob_difference_and_the_default_kind():
    logprobs, ref = random_logprobs(0)
    out = rlhf.kl_penalty(logprobs, ref, "k1")
    assert out.shape == (3, 5) and out.dtype == np.float64
    assert_allclose(out, logprobs - ref, **TOL)
    assert_allclose(rlhf.kl_penalty(LOGPROBS, REF_LOGPROBS), LOGPROBS - REF_LOGPROBS, **TOL)  # default kind


def test_kl_k2_is_half_squared_difference():
    logprobs, ref = random_logprobs(1)
    assert_allclose(rlhf.kl_penalty(logprobs, ref, "k2"), 0.5 * (logprobs - ref) ** 2, **TOL)


def test_kl_k3_matches_closed_form_and_is_nonnegative():
    out = rlhf.kl_penalty(np.array([-1.0, -2.0]), np.array([-1.5, -1.0]), "k3")
    assert_allclose(out, [math.exp(-0.5) - 1 + 0.5, math.exp(1.0) - 1 - 1.0], **TOL)
    logprobs, ref = random_logprobs(2)
    assert np.all(rlhf.kl_penalty(logprobs, ref, "k3") >= 0.0)


def test_bradley_terry_loss_with_masks_reads_each_reward_at_its_last_real_token():
    loss = rlhf.bradley_terry_loss(CHOSEN, REJECTED, CHOSEN_MASK, REJECTED_MASK)
    # rewards: chosen [1.0, 0.0], rejected [0.0, 1.0]
    assert loss == pytest.approx((neg_log_sigmoid(1.0) + neg_log_sigmoid(-1.0)) / 2, rel=1e-6, abs=1e-9)
    assert rlhf.reward_accuracy(CHOSEN, REJECTED, CHOSEN_MASK, REJECTED_MASK) == pytest.approx(0.5)


def test_bradley_terry_grad_with_masks_is_nonzero_only_at_last_real_tokens():
    grad_chosen, grad_rejected = rlhf.bradley_terry_grad(CHOSEN, REJECTED, CHOSEN_MASK, REJECTED_MASK)
    assert grad_chosen.shape == (2, 3) and grad_rejected.shape == (2, 4)
    g = -1.0 / (1.0 + np.exp(np.array([1.0, -1.0]))) / 2  # -sigmoid(-margin) / N for margins [1, -1]
    assert_allclose(grad_chosen, [[0.0, g[0], 0.0], [0.0, 0.0, g[1]]], **TOL)
    assert_allclose(grad_rejected, [[0.0, 0.0, -g[0], 0.0], [0.0, -g[1], 0.0, 0.0]], **TOL)


def test_pair_functions_reject_one_mask_alone_and_a_response_without_real_tokens():
    with pytest.raises(ValueError):
        rlhf.bradley_terry_loss(CHOSEN, REJECTED, CHOSEN_MASK, None)
    empty = REJECTED_MASK.copy()
    empty[1] = 0
    with pytest.raises(ValueError):
        rlhf.reward_accuracy(CHOSEN, REJECTED, CHOSEN_MASK, empty)


def test_kl_unknown_kind_raises_value_error():
    with pytest.raises(ValueError):
        rlhf.kl_penalty(LOGPROBS, REF_LOGPROBS, "k4")


def test_shaped_rewards_put_score_on_last_real_token_hand_example():
    out = rlhf.shaped_rewards(np.array([2.0, -1.0]), LOGPROBS, REF_LOGPROBS, MASK, 0.1)
    assert out.shape == (2, 4) and out.dtype == np.float64
    assert_allclose(out, [[-0.05, 0.1, 2.0, 0.0], [0.0, 0.02, 0.0, -0.98]], **TOL)


def test_shaped_rewards_with_beta_zero_hold_only_the_scores():
    out = rlhf.shaped_rewards(np.array([2.0, -1.0]), LOGPROBS, REF_LOGPROBS, MASK, 0.0)
    assert_allclose(out, [[0.0, 0.0, 2.0, 0.0], [0.0, 0.0, 0.0, -1.0]], **TOL)


def test_shaped_rewards_accept_bool_int_and_float_masks_alike():
    score = np.array([1.5, 0.5])
    expected = rlhf.shaped_rewards(score, LOGPROBS, REF_LOGPROBS, MASK.astype(bool), 0.2)
    for mask in (MASK, MASK.astype(np.float64), MASK.astype(np.float32)):
        assert_allclose(rlhf.shaped_rewards(score, LOGPROBS, REF_LOGPROBS, mask, 0.2), expected, **TOL)


def test_masked_mean_is_token_level_mean_over_whole_batch():
    x = np.array([[1.0, 2.0, 3.0], [10.0, 50.0, 60.0]])
    mask = np.array([[True, True, True], [True, False, False]])
    result = rlhf.masked_mean(x, mask)
    assert isinstance(result, float)
    assert result == pytest.approx(4.0, rel=1e-6, abs=1e-9)


def test_masked_mean_with_no_real_entries_raises_value_error():
    with pytest.raises(ValueError):
        rlhf.masked_mean(np.ones((2, 3)), np.zeros((2, 3)))
