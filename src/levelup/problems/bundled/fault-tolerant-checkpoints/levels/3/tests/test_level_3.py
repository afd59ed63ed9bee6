import numpy as np
import pytest
from checkpoint import CheckpointManager, ObjectStore, TrainingRun
from numpy.testing import assert_allclose, assert_array_equal

ARGS = {"lr": 0.1, "batch_size": 4, "seed": 42, "noise": 0.01}


def data(n=10, d=3):
    rng = np.random.default_rng(0)
    return rng.normal(size=(n, d)), rng.normal(size=n)


def make_run(store, world_size=2, **overrides):
    x, y = data()
    return TrainingRun(CheckpointManager(world_size, store), x, y, **{**ARGS, **overrides})


def reference_weights(x, y, lr, batch_size, seed, noise, steps):
    rng = np.random.default_rng(seed)
    w = np.zeros(x.shape[1])
    order, position = None, 0
    for _ in range(steps):
        if order is None or position + batch_size > len(x):
            order, position = rng.permutation(len(x)), 0
        batch = order[position : position + batch_size]
        position += batch_size
        xb, yb = x[batch], y[batch]
        grad = 2.0 / batch_size * xb.T @ (xb @ w - yb)
        w = w - lr * (grad + noise * rng.standard_normal(x.shape[1]))
    return w


def test_training_follows_the_stated_update_rule():
    x, y = data()
    run = TrainingRun(CheckpointManager(1), x, y, **ARGS)
    run.train(7)
    assert_allclose(run.weights(), reference_weights(x, y, steps=7, **ARGS), rtol=1e-12, atol=1e-15)


def test_noise_draws_happen_even_when_noise_is_zero():
    x, y = data()
    run = TrainingRun(CheckpointManager(1), x, y, lr=0.05, batch_size=3, seed=1, noise=0.0)
    run.train(8)  # crosses epochs, so the permutations depend on the draws in between
    expected = reference_weights(x, y, lr=0.05, batch_size=3, seed=1, noise=0.0, steps=8)
    assert_allclose(run.weights(), expected, rtol=1e-12, atol=1e-15)


def test_state_counts_steps_epochs_and_position():
    run = make_run(ObjectStore())
    assert run.state() == {"step": 0, "epoch": 0, "position": 0}
    run.train(3)
    assert run.state() == {"step": 3, "epoch": 2, "position": 4}
    assert run.weights().dtype == np.float64


def test_batch_size_outside_one_to_n_raises_value_error():
    x, y = data()
    with pytest.raises(ValueError):
        TrainingRun(CheckpointManager(1), x, y, lr=0.1, batch_size=0, seed=0)
    with pytest.raises(ValueError):
        TrainingRun(CheckpointManager(1), x, y, lr=0.1, batch_size=11, seed=0)


def test_checkpoint_returns_the_step_and_stores_the_weights_as_w():
    store = ObjectStore()
    run = make_run(store)
    run.train(4)
    assert run.checkpoint() == 4
    manager = CheckpointManager(2, store)
    assert manager.steps() == [4]
    assert_array_equal(manager.load(4)["w"], run.weights())


def test_resume_without_a_checkpoint_returns_none_and_changes_nothing():
    run = make_run(ObjectStore())
    run.train(2)
    before = run.weights()
    assert run.resume() is None
    assert run.state()["step"] == 2
    assert_array_equal(run.weights(), before)


def test_resumed_run_continues_bit_identically():
    store = ObjectStore()
    run = make_run(store)
    run.train(5)
    run.checkpoint()
    run.train(3)  # lost in the crash
    again = make_run(store)
    assert again.resume() == 5
    again.train(6)
    never_stopped = make_run(ObjectStore())
    never_stopped.train(11)
    assert_array_equal(again.weights(), never_stopped.weights())
    assert again.state() == never_stopped.state()


def test_resume_restores_weights_and_loader_position_exactly():
    store = ObjectStore()
    run = make_run(store)
    run.train(5)
    run.checkpoint()
    saved_weights, saved_state = run.weights(), run.state()
    again = make_run(store)
    again.resume()
    assert again.state() == saved_state == {"step": 5, "epoch": 3, "position": 4}
    assert_array_equal(again.weights(), saved_weights)


def test_resume_skips_a_checkpoint_whose_save_crashed():
    store = ObjectStore()
    run = make_run(store)
    run.train(4)
    run.checkpoint()
    run.train(4)
    with pytest.raises(RuntimeError):
        run.checkpoint(fail_after_writes=1)
    again = make_run(store)
    assert again.resume() == 4
    again.train(4)
    reference = make_run(ObjectStore())
    reference.train(8)
    assert_array_equal(again.weights(), reference.weights())


def test_resume_skips_a_checkpoint_with_a_damaged_shard():
    store = ObjectStore()
    run = make_run(store)
    run.train(3)
    run.checkpoint()
    run.train(3)
    run.checkpoint()
    key = CheckpointManager(2, store).shard_keys(6)[1]
    store.put(key, store.get(key)[:-3])
    again = make_run(store)
    assert again.resume() == 3
    assert again.state()["step"] == 3


def test_checkpoint_at_step_zero_resumes_to_a_fresh_run():
    store = ObjectStore()
    make_run(store).checkpoint()
    again = make_run(store)
    assert again.resume() == 0
    again.train(5)
    fresh = make_run(ObjectStore())
    fresh.train(5)
    assert_array_equal(again.weights(), fresh.weights())
