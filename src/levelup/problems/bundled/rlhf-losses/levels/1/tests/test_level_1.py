import math

import numpy as np
import pytest
import rlhf
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-6, "atol": 1e-9}


def softplus(x: float) -> float:
    """log(1 + e^x), written out with math for moderate x."""
    return math.log1p(math.exp(x))


def finite_difference_grads(chosen, rejected, h=1e-5):
    grads = []
    for which in (0, 1):
        grad = np.zeros(len(chosen))
        for i in range(len(chosen)):
            arrays_plus = [chosen.copy(), rejected.copy()]
            arrays_minus = [chosen.copy(), rejected.copy()]
            arrays_plus[which][i] += h
            arrays_minus[which][i] -= h
            grad[i] = (rlhf.bradley_terry_loss(*arrays_plus) - rlhf.bradley_terry_loss(*arrays_minus)) / (2 * h)
        grads.append(grad)
    return grads


def test_log_sigmoid_of_zero_is_minus_log_two():
    assert_allclose(rlhf.log_sigmoid(np.array([0.0])), [-math.log(2.0)], **TOL)


def test_log_sigmoid_matches_closed_form_on_moderate_inputs():
    x = np.random.default_rng(0).uniform(-20.0, 20.0, size=50)
    expected = [-softplus(-v) for v in x]
    assert_allclose(rlhf.log_sigmoid(x), expected, **TOL)


def test_log_sigmoid_is_finite_and_exact_at_plus_minus_1e4():
    out = rlhf.log_sigmoid(np.array([-1e4, 1e4]))
    assert np.all(np.isfinite(out))
    assert_allclose(out, [-1e4, 0.0], **TOL)


def test_log_sigmoid_keeps_shape_and_returns_float64():
    x = np.array([[-1.0, 0.0, 2.0], [3.0, -4.0, 0.5]], dtype=np.float32)
    out = rlhf.log_sigmoid(x)
    assert out.shape == (2, 3)
    assert out.dtype == np.float64
    assert_allclose(out, [[-softplus(-float(v)) for v in row] for row in x], **TOL)


def test_bradley_terry_loss_of_equal_rewards_is_log_two():
    rewards = np.array([0.3, -1.2, 5.0, 0.0])
    assert rlhf.bradley_terry_loss(rewards, rewards.copy()) == pytest.approx(math.log(2.0), rel=1e-6, abs=1e-9)


def test_bradley_terry_loss_is_mean_over_pairs_hand_example():
    loss = rlhf.bradley_terry_loss(np.array([1.0, 0.0, 2.0]), np.array([0.0, 1.0, 2.0]))
    expected = (softplus(-1.0) + softplus(1.0) + math.log(2.0)) / 3
    assert isinstance(loss, float)
    assert loss == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_bradley_terry_loss_stays_finite_for_huge_margins():
    assert rlhf.bradley_terry_loss(np.array([-5000.0]), np.array([5000.0])) == pytest.approx(1e4, rel=1e-6)
    assert rlhf.bradley_terry_loss(np.array([5000.0]), np.array([-5000.0])) == pytest.approx(0.0, abs=1e-9)


def test_bradley_terry_grad_matches_finite_differences():
    rng = np.random.default_rng(1)
    chosen = rng.normal(size=6)
    rejected = rng.normal(size=6)
    grad_chosen, grad_rejected = rlhf.bradley_terry_grad(chosen, rejected)
    fd_chosen, fd_rejected = finite_difference_grads(chosen, rejected)
    assert_allclose(grad_chosen, fd_chosen, rtol=1e-5, atol=1e-8)
    assert_allclose(grad_rejected, fd_rejected, rtol=1e-5, atol=1e-8)


def test_bradley_terry_grad_matches_closed_form():
    chosen = np.array([1.0, 0.0, 2.0, 3.0])
    rejected = np.array([0.0, 1.0, 2.0, 3.0])
    sig = [1 / (1 + math.exp(m)) for m in chosen - rejected]  # sigmoid(-margin)
    grad_chosen, grad_rejected = rlhf.bradley_terry_grad(chosen, rejected)
    assert grad_chosen.shape == (4,) and grad_rejected.shape == (4,)
    assert_allclose(grad_chosen, [-s / 4 for s in sig], **TOL)
    assert_allclose(grad_rejected, [s / 4 for s in sig], **TOL)


def test_reward_accuracy_counts_strictly_greater_pairs():
    chosen = np.array([2.0, 1.0, -1.0, 0.5])
    rejected = np.array([1.0, 3.0, -2.0, 0.0])
    assert rlhf.reward_accuracy(chosen, rejected) == pytest.approx(0.75)


def test_mismatched_shapes_raise_value_error():
    with pytest.raises(ValueError):
        rlhf.bradley_terry_loss(np.array([1.0, 2.0]), np.array([0.0]))
    with pytest.raises(ValueError):
        rlhf.bradley_terry_grad(np.array([1.0, 2.0]), np.array([0.0]))
    with pytest.raises(ValueError):
        rlhf.reward_accuracy(np.array([1.0]), np.array([0.0, 1.0]))


def test_two_dimensional_reward_arrays_raise_value_error():
    rewards = np.zeros((2, 2))
    with pytest.raises(ValueError):
        rlhf.bradley_terry_loss(rewards, rewards)
