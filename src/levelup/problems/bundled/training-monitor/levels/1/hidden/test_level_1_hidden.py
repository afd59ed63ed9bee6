import numpy as np
import pytest
from monitor import LossMonitor


def reference(losses, beta, ratio, warmup):
    ema, spikes = None, []
    for n, loss in enumerate(losses, start=1):
        if ema is not None and n > warmup and loss > ratio * ema:
            spikes.append(n)
        else:
            ema = loss if ema is None else beta * ema + (1 - beta) * loss
    return ema, spikes


def test_long_noisy_run_with_injected_spikes_matches_the_rule():
    rng = np.random.default_rng(0)
    losses = 3.0 * np.exp(-np.arange(400) / 150) + 0.05 * rng.standard_normal(400) + 0.5
    losses[[120, 121, 250, 333]] *= 3.0
    m = LossMonitor(beta=0.95, spike_ratio=1.4, warmup_steps=20)
    for step, loss in enumerate(losses, start=1):
        m.observe(step, float(loss))
    ema, spikes = reference([float(x) for x in losses], 0.95, 1.4, 20)
    assert m.spikes() == spikes
    assert {121, 122, 251, 334} <= set(m.spikes())
    assert m.current_ema() == pytest.approx(ema, rel=1e-12)


def test_beta_zero_is_allowed_and_tracks_the_last_normal_loss():
    m = LossMonitor(beta=0.0, warmup_steps=1)
    for step, loss in enumerate([5.0, 4.0, 3.0]):
        m.observe(step, loss)
    assert m.current_ema() == pytest.approx(3.0, rel=1e-12)


def test_warmup_counts_observations_not_step_numbers():
    m = LossMonitor(beta=0.5, spike_ratio=1.5, warmup_steps=2)
    m.observe(100, 1.0)
    assert m.observe(500, 10.0) is False  # only the 2nd observation, despite the large step number
    assert m.observe(501, 100.0) is True


def test_negative_or_small_ratio_settings_are_rejected():
    with pytest.raises(ValueError):
        LossMonitor(beta=-0.1)
    with pytest.raises(ValueError):
        LossMonitor(spike_ratio=0.5)
