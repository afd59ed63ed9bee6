import numpy as np
import pytest
import rlhf
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-6, "atol": 1e-9}


def test_shaped_rewards_row_without_real_tokens_is_all_zero():
    logprobs = np.array([[-1.0, -2.0, -3.0], [-0.5, -0.5, -0.5]])
    ref = np.array([[-2.0, -2.0, -2.0], [-1.0, -1.0, -1.0]])
    mask = np.array([[0, 0, 0], [1, 1, 0]])
    out = rlhf.shaped_rewards(np.array([7.0, 3.0]), logprobs, ref, mask, 0.5)
    assert_allclose(out, [[0.0, 0.0, 0.0], [-0.25, 2.75, 0.0]], **TOL)


def test_shaped_rewards_ignore_values_at_padded_positions():
    rng = np.random.default_rng(4)
    logprobs = -rng.uniform(0.1, 3.0, size=(3, 6))
    ref = -rng.uniform(0.1, 3.0, size=(3, 6))
    mask = np.array([[1, 1, 1, 1, 0, 0], [1, 1, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]], dtype=np.float64)
    score = np.array([1.0, -2.0, 0.5])
    clean = rlhf.shaped_rewards(score, logprobs, ref, mask, 0.05, "k3")
    noisy_logprobs = np.where(mask > 0, logprobs, 123.0)
    noisy_ref = np.where(mask > 0, ref, -77.0)
    noisy = rlhf.shaped_rewards(score, noisy_logprobs, noisy_ref, mask, 0.05, "k3")
    assert_allclose(noisy, clean, **TOL)
    assert np.all(noisy[mask == 0] == 0.0)


def test_shaped_rewards_use_requested_kl_kind_and_full_rows_score_final_position():
    rng = np.random.default_rng(5)
    logprobs = -rng.uniform(0.1, 3.0, size=(2, 4))
    ref = -rng.uniform(0.1, 3.0, size=(2, 4))
    mask = np.ones((2, 4), dtype=bool)
    score = np.array([0.7, -0.3])
    for kind, kl in (("k2", 0.5 * (logprobs - ref) ** 2), ("k3", np.exp(ref - logprobs) - 1 + (logprobs - ref))):
        expected = -0.2 * kl
        expected[:, 3] += score
        assert_allclose(rlhf.shaped_rewards(score, logprobs, ref, mask, 0.2, kind), expected, **TOL)


def test_masked_mean_ignores_padded_values_for_any_shape():
    x = np.array([5.0, -1e6, 7.0, 1e6])
    mask = np.array([1.0, 0.0, 1.0, 0.0])
    assert rlhf.masked_mean(x, mask) == pytest.approx(6.0, rel=1e-6, abs=1e-9)
    cube = np.arange(8, dtype=np.float64).reshape(2, 2, 2)
    assert rlhf.masked_mean(cube, cube >= 4) == pytest.approx(5.5, rel=1e-6, abs=1e-9)


def test_shape_mismatches_raise_value_error():
    logprobs = np.zeros((2, 3))
    with pytest.raises(ValueError):
        rlhf.kl_penalty(logprobs, np.zeros((2, 4)))
    with pytest.raises(ValueError):
        rlhf.shaped_rewards(np.zeros(3), logprobs, logprobs, np.ones((2, 3)), 0.1)
    with pytest.raises(ValueError):
        rlhf.shaped_rewards(np.zeros(2), logprobs, logprobs, np.ones((2, 2)), 0.1)
    with pytest.raises(ValueError):
        rlhf.masked_mean(np.zeros((2, 3)), np.ones((3, 2)))


def test_masked_pair_functions_ignore_padding_and_match_level_1_on_last_token_rewards():
    rng = np.random.default_rng(7)
    chosen_lengths, rejected_lengths = [1, 4, 2, 3], [3, 1, 5, 2]
    chosen_mask = np.arange(4)[None, :] < np.array(chosen_lengths)[:, None]
    rejected_mask = (np.arange(5)[None, :] < np.array(rejected_lengths)[:, None]).astype(np.float64)
    chosen = rng.normal(size=(4, 4))
    rejected = rng.normal(size=(4, 5))
    chosen_last = chosen[np.arange(4), np.array(chosen_lengths) - 1]
    rejected_last = rejected[np.arange(4), np.array(rejected_lengths) - 1]
    noisy_chosen = np.where(chosen_mask, chosen, 1e3)
    noisy_rejected = np.where(rejected_mask != 0, rejected, -1e3)
    assert rlhf.bradley_terry_loss(noisy_chosen, noisy_rejected, chosen_mask, rejected_mask) == pytest.approx(
        rlhf.bradley_terry_loss(chosen_last, rejected_last), rel=1e-6, abs=1e-9
    )
    assert rlhf.reward_accuracy(noisy_chosen, noisy_rejected, chosen_mask, rejected_mask) == pytest.approx(
        rlhf.reward_accuracy(chosen_last, rejected_last)
    )
    grad_chosen, grad_rejected = rlhf.bradley_terry_grad(noisy_chosen, noisy_rejected, chosen_mask, rejected_mask)
    flat_chosen, flat_rejected = rlhf.bradley_terry_grad(chosen_last, rejected_last)
    assert_allclose(grad_chosen.sum(axis=1), flat_chosen, **TOL)
    assert_allclose(grad_rejected.sum(axis=1), flat_rejected, **TOL)
    assert np.all(grad_chosen[~chosen_mask] == 0.0)
    assert np.all(grad_rejected[rejected_mask == 0] == 0.0)
