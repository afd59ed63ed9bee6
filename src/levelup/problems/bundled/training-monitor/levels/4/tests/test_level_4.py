import math

import pytest
from monitor import LossMonitor


def policy(**overrides):
    settings = {
        "beta": 0.5,
        "spike_ratio": 1.5,
        "warmup_steps": 2,
        "max_spike_streak": 2,
        "lr_decay": 0.5,
        "skip_before": 1,
    }
    return LossMonitor(**{**settings, **overrides})


def example():
    m = policy()
    for step, batch in [(1, 101), (2, 102), (3, 103)]:
        m.on_step(step, 2.0, batch)
    m.checkpoint(3)
    actions = [
        m.on_step(step, loss, batch)["action"]
        for step, loss, batch in [(4, 2.0, 104), (5, 9.0, 105), (6, 2.0, 106), (7, 8.0, 107)]
    ]
    return m, actions


def test_invalid_policy_settings_raise_value_error():
    with pytest.raises(ValueError):
        LossMonitor(max_spike_streak=0)
    with pytest.raises(ValueError):
        LossMonitor(lr_decay=0.0)
    with pytest.raises(ValueError):
        LossMonitor(lr_decay=1.5)
    with pytest.raises(ValueError):
        LossMonitor(skip_before=-1)


def test_checkpoint_must_be_at_the_last_observed_step():
    m = policy()
    with pytest.raises(ValueError):
        m.checkpoint(0)
    m.on_step(1, 2.0, 1)
    with pytest.raises(ValueError):
        m.checkpoint(2)
    m.checkpoint(1)


def test_normal_step_is_ok():
    m = policy()
    assert m.on_step(1, 2.0, 11) == {"action": "ok", "lr_scale": 1.0, "resume_from": None}


def test_spikes_shorter_than_the_streak_limit_are_skipped():
    m, actions = example()
    assert actions == ["ok", "skip", "ok", "skip"]
    assert m.spikes() == [5, 7]


def test_streak_at_the_limit_rolls_back_to_the_checkpoint_before_it():
    m, _ = example()
    assert m.on_step(8, 7.5, 108) == {"action": "rollback", "lr_scale": 0.5, "resume_from": 3}


def test_rollback_skips_the_streak_and_the_batches_just_before_it():
    m, _ = example()
    m.on_step(8, 7.5, 108)
    assert [b for b in range(100, 110) if m.should_skip(b)] == [106, 107, 108]


def test_rollback_rewinds_the_monitor_to_the_checkpoint():
    m, _ = example()
    m.on_step(8, 7.5, 108)
    assert m.spikes() == []
    assert m.current_ema() == pytest.approx(2.0, rel=1e-12)
    assert m.report()["observed"] == 3
    assert m.on_step(4, 2.0, 104)["action"] == "ok"


def test_every_rollback_multiplies_the_learning_rate_scale():
    m, _ = example()
    m.on_step(8, 7.5, 108)
    assert m.lr_scale() == pytest.approx(0.5, rel=1e-12)
    m.on_step(4, 9.0, 104)
    decision = m.on_step(5, 9.0, 105)
    assert decision == {"action": "rollback", "lr_scale": pytest.approx(0.25, rel=1e-12), "resume_from": 3}


def test_halt_when_no_checkpoint_precedes_the_streak():
    m = policy()
    for step in (1, 2, 3):
        m.on_step(step, 2.0, step)
    assert m.on_step(4, 9.0, 4)["action"] == "skip"
    assert m.on_step(5, 9.0, 5) == {"action": "halt", "lr_scale": 1.0, "resume_from": None}
    assert m.spikes() == [4, 5]
    assert not m.should_skip(5)


def test_checkpoint_taken_during_the_streak_is_not_used():
    m = policy(max_spike_streak=3)
    for step in (1, 2, 3):
        m.on_step(step, 2.0, step)
    m.checkpoint(3)
    m.on_step(4, 9.0, 4)
    m.checkpoint(4)
    m.on_step(5, 9.0, 5)
    assert m.on_step(6, 9.0, 6)["resume_from"] == 3


def test_checkpoints_after_the_resume_point_are_forgotten():
    m = policy()
    for step in (1, 2, 3):
        m.on_step(step, 2.0, step)
    m.checkpoint(3)
    m.on_step(4, 9.0, 4)
    m.checkpoint(4)  # taken during the streak: never a resume point for it, and stale after it
    assert m.on_step(5, 9.0, 5)["resume_from"] == 3
    for step in (4, 5, 6):
        assert m.on_step(step, 2.0, 10 + step)["action"] == "ok"
    m.on_step(7, 9.0, 17)
    assert m.on_step(8, 9.0, 18)["resume_from"] == 3


def test_nan_losses_make_up_a_streak():
    m = policy()
    for step in (1, 2, 3):
        m.on_step(step, 2.0, step)
    m.checkpoint(3)
    assert m.on_step(4, math.nan, 4)["action"] == "skip"
    assert m.on_step(5, math.inf, 5)["action"] == "rollback"
