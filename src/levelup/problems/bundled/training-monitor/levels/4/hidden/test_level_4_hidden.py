import pytest
from monitor import LossMonitor


def policy(**overrides):
    settings = {"beta": 0.5, "spike_ratio": 1.5, "warmup_steps": 2, "max_spike_streak": 2}
    return LossMonitor(**{**settings, **overrides})


def test_spikes_seen_through_observe_count_toward_the_streak_but_add_no_batches():
    m = policy(skip_before=5)
    for step in (1, 2, 3):
        m.observe(step, 2.0)
    m.checkpoint(3)
    m.observe(4, 9.0)
    assert m.on_step(5, 9.0, 55) == {"action": "rollback", "lr_scale": 0.5, "resume_from": 3}
    assert m.should_skip(55)
    assert not any(m.should_skip(b) for b in range(0, 55))


def test_after_a_rollback_steps_restart_just_after_the_checkpoint():
    m = policy()
    for step in (1, 2, 3, 4):
        m.on_step(step, 2.0, step)
    m.checkpoint(4)
    m.on_step(5, 9.0, 5)
    m.on_step(6, 9.0, 6)
    with pytest.raises(ValueError):
        m.on_step(4, 2.0, 7)
    assert m.on_step(5, 2.0, 7)["action"] == "ok"


def test_after_a_halt_a_later_streak_can_still_roll_back():
    m = policy()
    for step in (1, 2, 3):
        m.on_step(step, 2.0, step)
    m.on_step(4, 9.0, 4)
    assert m.on_step(5, 9.0, 5)["action"] == "halt"
    assert m.on_step(6, 9.0, 6)["action"] == "halt"
    m.on_step(7, 2.0, 7)
    m.checkpoint(7)
    m.on_step(8, 9.0, 8)
    assert m.on_step(9, 9.0, 9) == {"action": "rollback", "lr_scale": 0.5, "resume_from": 7}


def test_skip_list_survives_later_rollbacks():
    m = policy(skip_before=0)
    for step in (1, 2, 3):
        m.on_step(step, 2.0, step)
    m.checkpoint(3)
    m.on_step(4, 9.0, 40)
    m.on_step(5, 9.0, 41)
    m.on_step(4, 9.0, 42)
    m.on_step(5, 9.0, 43)
    assert [b for b in (40, 41, 42, 43) if m.should_skip(b)] == [40, 41, 42, 43]
    assert m.lr_scale() == pytest.approx(0.25, rel=1e-12)


def test_simulated_run_gets_past_bad_batches_by_rolling_back():
    bad = {17, 18, 19}
    m = LossMonitor(beta=0.8, spike_ratio=1.5, warmup_steps=3, max_spike_streak=3, skip_before=2)
    batches = iter(range(1000))
    step, actions = 0, []
    while step < 40:
        batch = next(batches)
        if m.should_skip(batch):
            continue
        step += 1
        loss = 10.0 if batch in bad else 2.0 - 0.01 * step
        decision = m.on_step(step, loss, batch)
        actions.append(decision["action"])
        if decision["action"] == "rollback":
            step = decision["resume_from"]
        elif decision["action"] == "ok" and step % 5 == 0:
            m.checkpoint(step)
    assert actions.count("rollback") == 1
    assert actions.count("halt") == 0
    assert all(m.should_skip(b) for b in (15, 16, 17, 18, 19))
    assert m.spikes() == []
    assert m.lr_scale() == pytest.approx(0.5, rel=1e-12)
