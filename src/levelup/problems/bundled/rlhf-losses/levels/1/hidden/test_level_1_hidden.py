import math

import numpy as np
import pytest
import rlhf
from numpy.testing import assert_allclose


def exact_log_sigmoid(x: float) -> float:
    return x - math.log1p(math.exp(x)) if x < 0 else -math.log1p(math.exp(-x))


def test_reward_accuracy_counts_ties_as_incorrect():
    chosen = np.array([1.0, 2.0, 3.0, 4.0])
    rejected = np.array([1.0, 2.0, 0.0, 4.0])
    assert rlhf.reward_accuracy(chosen, rejected) == pytest.approx(0.25)


def test_empty_pair_arrays_raise_value_error():
    empty = np.array([], dtype=np.float64)
    for name in ("bradley_terry_loss", "bradley_terry_grad", "reward_accuracy"):
        with pytest.raises(ValueError):
            getattr(rlhf, name)(empty, empty)


def test_bradley_terry_grad_is_finite_and_exact_at_huge_margins():
    chosen = np.array([-5000.0, 5000.0])
    rejected = np.array([5000.0, -5000.0])
    grad_chosen, grad_rejected = rlhf.bradley_terry_grad(chosen, rejected)
    assert np.all(np.isfinite(grad_chosen)) and np.all(np.isfinite(grad_rejected))
    assert_allclose(grad_chosen, [-0.5, 0.0], rtol=1e-6, atol=1e-9)
    assert_allclose(grad_rejected, [0.5, 0.0], rtol=1e-6, atol=1e-9)


def test_log_sigmoid_is_accurate_across_minus_1e4_to_1e4():
    x = np.concatenate([np.linspace(-1e4, 1e4, 2001), [-745.5, -710.0, -40.0, 40.0, 710.0, 745.5]])
    out = rlhf.log_sigmoid(x)
    assert np.all(np.isfinite(out))
    assert_allclose(out, [exact_log_sigmoid(v) for v in x], rtol=1e-6, atol=1e-9)


def test_pair_functions_accept_integer_and_float32_inputs():
    chosen = np.array([3, 1, 2], dtype=np.int64)
    rejected = np.array([1, 3, 2], dtype=np.float32)
    expected = (-exact_log_sigmoid(2.0) - exact_log_sigmoid(-2.0) + math.log(2.0)) / 3
    assert rlhf.bradley_terry_loss(chosen, rejected) == pytest.approx(expected, rel=1e-6, abs=1e-9)
    assert rlhf.reward_accuracy(chosen, rejected) == pytest.approx(1 / 3)
    grad_chosen, _ = rlhf.bradley_terry_grad(chosen, rejected)
    assert grad_chosen.dtype == np.float64
