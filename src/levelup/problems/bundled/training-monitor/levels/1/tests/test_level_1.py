import pytest
from monitor import LossMonitor


def example():
    m = LossMonitor(beta=0.5, spike_ratio=1.5, warmup_steps=2)
    flags = [m.observe(s, loss) for s, loss in [(1, 4.0), (2, 2.0), (3, 5.0), (4, 4.5), (6, 5.7)]]
    return m, flags


def test_worked_example_flags_steps_three_and_six():
    m, flags = example()
    assert flags == [False, False, True, False, True]
    assert m.spikes() == [3, 6]


def test_ema_ignores_spikes():
    m, _ = example()
    assert m.current_ema() == pytest.approx(3.75, rel=1e-12)


def test_first_loss_sets_the_ema():
    m = LossMonitor()
    assert m.current_ema() is None
    m.observe(0, 2.5)
    assert m.current_ema() == pytest.approx(2.5, rel=1e-12)


def test_ema_uses_beta_for_the_old_value():
    m = LossMonitor(beta=0.9, warmup_steps=10)
    m.observe(1, 1.0)
    m.observe(2, 2.0)
    assert m.current_ema() == pytest.approx(0.9 * 1.0 + 0.1 * 2.0, rel=1e-12)


def test_nothing_is_a_spike_during_warmup():
    m = LossMonitor(beta=0.9, spike_ratio=1.5, warmup_steps=3)
    assert [m.observe(s, loss) for s, loss in [(1, 1.0), (2, 100.0), (3, 1000.0)]] == [False] * 3
    assert m.spikes() == []
    assert m.current_ema() == pytest.approx(0.81 * 1.0 + 0.09 * 100.0 + 0.1 * 1000.0, rel=1e-12)


def test_loss_equal_to_the_threshold_is_not_a_spike():
    m = LossMonitor(beta=0.5, spike_ratio=2.0, warmup_steps=1)
    m.observe(1, 3.0)
    assert m.observe(2, 6.0) is False
    assert m.observe(3, 9.0000001) is True


def test_spike_check_uses_the_ema_before_this_loss():
    m = LossMonitor(beta=0.0, spike_ratio=1.5, warmup_steps=1)  # beta 0: the ema is the last normal loss
    m.observe(1, 2.0)
    assert m.observe(2, 2.9) is False
    assert m.observe(3, 4.4) is True  # 4.4 > 1.5 * 2.9
    assert m.current_ema() == pytest.approx(2.9, rel=1e-12)


def test_steps_must_strictly_increase():
    m = LossMonitor()
    m.observe(10, 1.0)
    with pytest.raises(ValueError):
        m.observe(10, 1.0)
    with pytest.raises(ValueError):
        m.observe(3, 1.0)
    assert m.observe(12, 1.0) is False


def test_rejected_step_changes_nothing():
    m = LossMonitor(beta=0.5, warmup_steps=1)
    m.observe(5, 2.0)
    with pytest.raises(ValueError):
        m.observe(4, 100.0)
    assert m.current_ema() == pytest.approx(2.0, rel=1e-12)
    assert m.spikes() == []


def test_invalid_settings_raise_value_error():
    with pytest.raises(ValueError):
        LossMonitor(beta=1.0)
    with pytest.raises(ValueError):
        LossMonitor(spike_ratio=1.0)
    with pytest.raises(ValueError):
        LossMonitor(warmup_steps=0)


def test_spikes_lists_steps_in_observation_order():
    m = LossMonitor(beta=0.9, spike_ratio=1.2, warmup_steps=1)
    losses = [2.0, 3.0, 1.9, 5.0, 2.1, 2.0, 9.0]
    flags = [m.observe(s * 10, loss) for s, loss in enumerate(losses)]
    assert flags == [False, True, False, True, False, False, True]
    assert m.spikes() == [10, 30, 60]
