import numpy as np
import pytest
from monitor import LossMonitor, clip_by_global_norm
from numpy.testing import assert_array_equal


def test_all_zero_gradients_stay_zero_without_dividing_by_zero():
    clipped, norm = clip_by_global_norm({"w": np.zeros((2, 2)), "b": np.zeros(3)}, 1.0)
    assert norm == 0.0
    assert_array_equal(clipped["w"], np.zeros((2, 2)))


def test_norm_equal_to_the_limit_is_scaled_slightly_below_one():
    clipped, _ = clip_by_global_norm({"w": np.array([3.0, 4.0])}, 5.0)
    assert float(clipped["w"][0]) == pytest.approx(3.0 * 5.0 / (5.0 + 1e-6), rel=1e-12)
    assert float(clipped["w"][0]) < 3.0


def test_divergence_threshold_is_strict():
    m = LossMonitor(beta=0.5, spike_ratio=1.5, warmup_steps=1, divergence_ratio=2.0, patience=2)
    m.observe(0, 1.0)
    m.observe(1, 2.0)  # a spike exactly at 2 * best
    m.observe(2, 2.5)
    assert m.diverged() is False
    m.observe(3, 2.01)
    assert m.diverged() is True


def test_report_of_a_new_monitor():
    assert LossMonitor().report() == {"observed": 0, "spikes": 0, "ema": None, "best_ema": None, "diverged": False}


def test_best_ema_never_rises_on_a_long_run():
    rng = np.random.default_rng(4)
    m = LossMonitor(beta=0.9, spike_ratio=1.3, warmup_steps=5)
    best = []
    for step in range(200):
        m.observe(step, float(2.0 + np.sin(step / 10) + 0.1 * rng.standard_normal()))
        best.append(m.report()["best_ema"])
    assert all(b2 <= b1 for b1, b2 in zip(best, best[1:], strict=False))
    assert best[-1] == pytest.approx(min(best), rel=1e-12)
