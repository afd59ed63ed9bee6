import math

import moe
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
GRAD_TOL = {"rtol": 1e-6, "atol": 1e-9}


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def finite_difference(loss, logits, h=1e-6):
    grad = np.zeros_like(logits)
    for index in np.ndindex(*logits.shape):
        step = np.zeros_like(logits)
        step[index] = h
        grad[index] = (loss(logits + step) - loss(logits - step)) / (2 * h)
    return grad


def separated_logits(seed, tokens, experts):
    """Seeded logits whose largest entry leads the runner-up by at least 0.5 in every row."""
    logits = np.random.default_rng(seed).normal(size=(tokens, experts))
    rows = np.arange(tokens)
    logits[rows, np.argmax(logits, axis=1)] += 0.5
    return logits


def test_uniform_logits_give_loss_one():
    assert moe.load_balancing_loss(np.zeros((4, 4))) == pytest.approx(1.0, rel=1e-12)


def test_balanced_routing_gives_loss_one():
    assert moe.load_balancing_loss(np.array([[2.0, 0.0], [0.0, 2.0]])) == pytest.approx(1.0, rel=1e-12)


def test_collapsed_routing_gives_a_larger_loss():
    p = 1 / (1 + math.exp(-2.0))
    assert moe.load_balancing_loss(np.array([[2.0, 0.0], [2.0, 0.0]])) == pytest.approx(2 * p, rel=1e-12)


def test_load_balancing_loss_matches_the_formula_on_seeded_logits():
    logits = np.random.default_rng(0).normal(size=(16, 4))
    p = softmax(logits)
    f = np.bincount(np.argmax(p, axis=1), minlength=4) / 16
    assert moe.load_balancing_loss(logits) == pytest.approx(4 * float(f @ p.mean(axis=0)), rel=1e-12)


def test_load_balancing_loss_returns_a_python_float():
    assert type(moe.load_balancing_loss(np.zeros((2, 3)))) is float


def test_load_balancing_grad_matches_finite_differences():
    logits = separated_logits(1, 6, 4)
    grad = moe.load_balancing_loss_grad(logits)
    assert grad.shape == (6, 4)
    assert grad.dtype == np.float64
    assert_allclose(grad, finite_difference(moe.load_balancing_loss, logits), **GRAD_TOL)


def test_load_balancing_grad_rows_sum_to_zero():
    # Adding a constant to a row of logits leaves its probabilities unchanged.
    grad = moe.load_balancing_loss_grad(separated_logits(2, 5, 3))
    assert_allclose(grad.sum(axis=1), np.zeros(5), atol=1e-12)


def test_router_z_loss_hand_example():
    logits = np.array([[0.0, 0.0], [math.log(3.0), 0.0]])
    expected = (math.log(2.0) ** 2 + math.log(4.0) ** 2) / 2
    assert moe.router_z_loss(logits) == pytest.approx(expected, rel=1e-12)


def test_router_z_loss_stays_finite_for_large_logits():
    logits = np.array([[1000.0, 1000.0]])
    assert moe.router_z_loss(logits) == pytest.approx((1000 + math.log(2.0)) ** 2, rel=1e-12)
    assert_allclose(moe.router_z_loss_grad(logits), [[1000 + math.log(2.0)] * 2], **TOL)


def test_router_z_loss_grad_matches_finite_differences():
    logits = np.random.default_rng(3).normal(size=(4, 5))
    grad = moe.router_z_loss_grad(logits)
    assert grad.shape == (4, 5)
    assert_allclose(grad, finite_difference(moe.router_z_loss, logits), **GRAD_TOL)


def test_empty_batch_raises_value_error():
    with pytest.raises(ValueError):
        moe.load_balancing_loss(np.zeros((0, 4)))
    with pytest.raises(ValueError):
        moe.router_z_loss(np.zeros((0, 4)))
