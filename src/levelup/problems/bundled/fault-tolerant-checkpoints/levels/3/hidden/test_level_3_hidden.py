import numpy as np
from checkpoint import CheckpointManager, ObjectStore, TrainingRun
from numpy.testing import assert_array_equal


def data(n, d, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=n)


def test_two_resumes_from_one_checkpoint_give_the_same_run():
    x, y = data(9, 2, 3)
    store = ObjectStore()
    run = TrainingRun(CheckpointManager(3, store), x, y, lr=0.05, batch_size=2, seed=5, noise=0.1)
    run.train(6)
    run.checkpoint()
    a = TrainingRun(CheckpointManager(3, store), x, y, lr=0.05, batch_size=2, seed=5, noise=0.1)
    b = TrainingRun(CheckpointManager(3, store), x, y, lr=0.05, batch_size=2, seed=5, noise=0.1)
    a.resume()
    b.resume()
    a.train(7)
    b.train(7)
    assert_array_equal(a.weights(), b.weights())


def test_resume_in_the_middle_of_an_epoch_with_skipped_leftovers():
    x, y = data(7, 4, 8)
    store = ObjectStore()
    run = TrainingRun(CheckpointManager(2, store), x, y, lr=0.02, batch_size=3, seed=9, noise=0.05)
    run.train(5)  # 7 examples, batches of 3: one left over each epoch
    run.checkpoint()
    again = TrainingRun(CheckpointManager(2, store), x, y, lr=0.02, batch_size=3, seed=9, noise=0.05)
    again.resume()
    assert again.state() == {"step": 5, "epoch": 3, "position": 3}
    again.train(9)
    never_stopped = TrainingRun(CheckpointManager(2), x, y, lr=0.02, batch_size=3, seed=9, noise=0.05)
    never_stopped.train(14)
    assert_array_equal(again.weights(), never_stopped.weights())


def test_repeated_crashes_and_resumes_match_an_uninterrupted_run():
    x, y = data(12, 3, 1)
    store = ObjectStore()
    args = {"lr": 0.03, "batch_size": 5, "seed": 11, "noise": 0.2}
    done = 0
    for _ in range(4):
        run = TrainingRun(CheckpointManager(4, store), x, y, **args)
        resumed = run.resume()
        assert resumed == (None if done == 0 else done)
        run.train(3)
        run.checkpoint()
        run.train(2)  # lost at the next crash
        done += 3
    never_stopped = TrainingRun(CheckpointManager(4), x, y, **args)
    never_stopped.train(12)
    final = TrainingRun(CheckpointManager(4, store), x, y, **args)
    assert final.resume() == 12
    assert_array_equal(final.weights(), never_stopped.weights())


def test_failed_resume_leaves_a_trained_run_untouched():
    x, y = data(6, 2, 4)
    store = ObjectStore()
    run = TrainingRun(CheckpointManager(2, store), x, y, lr=0.1, batch_size=2, seed=0)
    run.train(2)
    try:
        run.checkpoint(fail_after_writes=2)
    except RuntimeError:
        pass
    before = run.weights()
    assert run.resume() is None
    assert run.state() == {"step": 2, "epoch": 1, "position": 4}
    assert_array_equal(run.weights(), before)
