import numpy as np
import pytest
from monitor import LossMonitor, clip_by_global_norm, global_norm
from numpy.testing import assert_allclose, assert_array_equal


def example_monitor():
    m = LossMonitor(beta=0.5, spike_ratio=1.5, warmup_steps=1, divergence_ratio=2.0, patience=3)
    for step, loss in enumerate([1.0, 1.4, 2.1, 2.5, 2.2]):
        m.observe(step, loss)
    return m


def test_global_norm_covers_every_entry_of_every_array():
    assert global_norm({"w": np.array([[3.0, 0.0]]), "b": np.array([4.0])}) == pytest.approx(5.0, rel=1e-12)
    assert global_norm({}) == 0.0


def test_global_norm_matches_one_concatenated_vector():
    rng = np.random.default_rng(0)
    grads = {"a": rng.normal(size=(3, 4)), "b": rng.normal(size=7), "c": rng.normal(size=(2, 2, 2))}
    flat = np.concatenate([g.ravel() for g in grads.values()])
    assert global_norm(grads) == pytest.approx(float(np.linalg.norm(flat)), rel=1e-12)


def test_clipping_scales_every_gradient_by_the_same_factor():
    clipped, norm = clip_by_global_norm({"w": np.array([3.0]), "b": np.array([4.0])}, 1.0)
    assert norm == pytest.approx(5.0, rel=1e-12)
    scale = 1.0 / (5.0 + 1e-6)
    assert_allclose(clipped["w"], [3.0 * scale], rtol=1e-12)
    assert_allclose(clipped["b"], [4.0 * scale], rtol=1e-12)


def test_gradients_below_the_limit_are_left_as_they_are():
    grads = {"w": np.array([0.3, -0.4])}
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == pytest.approx(0.5, rel=1e-12)
    assert_array_equal(clipped["w"], grads["w"])


def test_clipping_keeps_shapes_and_dtypes_and_leaves_inputs_alone():
    rng = np.random.default_rng(1)
    grads = {"w": (10 * rng.normal(size=(4, 3))).astype(np.float32), "b": 10 * rng.normal(size=3)}
    before = {k: v.copy() for k, v in grads.items()}
    clipped, norm = clip_by_global_norm(grads, 2.0)
    assert clipped["w"].dtype == np.float32 and clipped["w"].shape == (4, 3)
    assert clipped["b"].dtype == np.float64
    assert global_norm(clipped) == pytest.approx(2.0 * norm / (norm + 1e-6), rel=1e-6)
    for k in grads:
        assert_array_equal(grads[k], before[k])


def test_clipping_rejects_a_non_positive_limit():
    with pytest.raises(ValueError):
        clip_by_global_norm({"w": np.ones(2)}, 0.0)


def test_run_that_stays_high_has_diverged():
    m = example_monitor()
    assert m.diverged() is True


def test_a_low_loss_ends_the_divergence():
    m = example_monitor()
    assert m.observe(5, 1.0) is False
    assert m.diverged() is False


def test_report_summarises_the_run():
    assert example_monitor().report() == {
        "observed": 5,
        "spikes": 3,
        "ema": pytest.approx(1.2, rel=1e-12),
        "best_ema": pytest.approx(1.0, rel=1e-12),
        "diverged": True,
    }


def test_divergence_needs_patience_high_losses_in_a_row():
    m = LossMonitor(beta=0.5, warmup_steps=1, divergence_ratio=1.1, patience=4)
    m.observe(0, 1.0)
    for step in (1, 2, 3):
        m.observe(step, 50.0)
        assert m.diverged() is False  # the last 4 losses still include 1.0
    m.observe(4, 50.0)
    assert m.diverged() is True


def test_best_ema_is_the_lowest_ema_so_far():
    m = LossMonitor(beta=0.5, spike_ratio=10.0, warmup_steps=1)
    for step, loss in enumerate([4.0, 2.0, 6.0]):
        m.observe(step, loss)
    report = m.report()
    assert report["ema"] == pytest.approx(4.5, rel=1e-12)
    assert report["best_ema"] == pytest.approx(3.0, rel=1e-12)


def test_invalid_divergence_settings_raise_value_error():
    with pytest.raises(ValueError):
        LossMonitor(divergence_ratio=1.0)
    with pytest.raises(ValueError):
        LossMonitor(patience=0)
