import numpy as np
import pytest
import zero
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-8, "atol": 1e-10}


def reference_adam(params, grads, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam (arXiv 1412.6980, Algorithm 1); returns the params after the last step."""
    p = np.asarray(params, dtype=np.float64).copy()
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        p = p - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return p


def run_step(trainer, micro_batches):
    """micro_batches[i][r] is rank r's true gradient for micro-batch i; scaled by the current S."""
    scale = trainer.loss_scale()
    for per_rank in micro_batches:
        trainer.accumulate([g * scale for g in per_rank])
    return trainer.step()


def test_defaults_scale_two_to_the_sixteen_and_nothing_skipped():
    trainer = zero.ZeroTrainer(np.zeros(3), 2)
    assert trainer.loss_scale() == 65536.0
    assert trainer.skipped_steps() == 0
    assert trainer.pending_micro_batches() == 0


def test_scaled_gradients_give_same_params_as_unscaled_adam():
    rng = np.random.default_rng(0)
    params = rng.normal(size=6)
    trainer = zero.ZeroTrainer(params, 3, lr=0.01)
    steps = [[[rng.normal(size=6) for _ in range(3)]] for _ in range(4)]
    for micro_batches in steps:
        assert run_step(trainer, micro_batches) is True
    expected = reference_adam(params, [np.mean(s[0], axis=0) for s in steps], lr=0.01)
    assert_allclose(trainer.params(), expected, **TOL)


def test_accumulation_averages_over_micro_batches_and_ranks():
    rng = np.random.default_rng(1)
    params = rng.normal(size=5)
    trainer = zero.ZeroTrainer(params, 2, accumulation_steps=3, lr=0.05, init_scale=1024.0)
    steps = [[[rng.normal(size=5) for _ in range(2)] for _ in range(3)] for _ in range(3)]
    for micro_batches in steps:
        assert run_step(trainer, micro_batches) is True
    means = [np.mean([g for per_rank in s for g in per_rank], axis=0) for s in steps]
    assert_allclose(trainer.params(), reference_adam(params, means, lr=0.05), **TOL)
    for copy in trainer.rank_params():
        assert_allclose(copy, trainer.params(), **TOL)


def test_pending_micro_batches_counts_accumulate_calls_until_step():
    trainer = zero.ZeroTrainer(np.zeros(4), 2, accumulation_steps=2)
    trainer.accumulate([np.ones(4), np.ones(4)])
    assert trainer.pending_micro_batches() == 1
    trainer.accumulate([np.ones(4), np.ones(4)])
    assert trainer.pending_micro_batches() == 2
    trainer.step()
    assert trainer.pending_micro_batches() == 0


def test_inf_gradient_skips_step_and_halves_scale():
    params = np.array([0.5, -0.5, 1.0])
    trainer = zero.ZeroTrainer(params, 2, init_scale=1024.0)
    trainer.accumulate([np.array([1.0, np.inf, 0.0]), np.ones(3)])
    assert trainer.step() is False
    assert trainer.skipped_steps() == 1
    assert trainer.loss_scale() == 512.0
    assert_allclose(trainer.params(), params, rtol=0, atol=0)
    assert trainer.pending_micro_batches() == 0


def test_nan_on_one_rank_skips_the_step_on_every_rank():
    params = np.arange(6.0)
    trainer = zero.ZeroTrainer(params, 3, init_scale=8.0)
    trainer.accumulate([np.ones(6), np.array([0, 0, 0, np.nan, 0, 0.0]), np.ones(6)])
    assert trainer.step() is False
    for copy in trainer.rank_params():
        assert_allclose(copy, params, rtol=0, atol=0)
    assert trainer.loss_scale() == 4.0


def test_loss_scale_never_drops_below_one():
    trainer = zero.ZeroTrainer(np.zeros(2), 1, init_scale=2.0)
    for expected in [1.0, 1.0, 1.0]:
        trainer.accumulate([np.array([np.inf, 0.0])])
        trainer.step()
        assert trainer.loss_scale() == expected
    assert trainer.skipped_steps() == 3


def test_scale_doubles_after_growth_interval_good_steps():
    trainer = zero.ZeroTrainer(np.zeros(3), 2, init_scale=8.0, growth_interval=3)
    scales = []
    for _ in range(6):
        run_step(trainer, [[np.ones(3), np.ones(3)]])
        scales.append(trainer.loss_scale())
    assert scales == [8.0, 8.0, 16.0, 16.0, 16.0, 32.0]


def test_overflow_resets_the_good_step_counter():
    trainer = zero.ZeroTrainer(np.zeros(3), 1, init_scale=8.0, growth_interval=2)
    run_step(trainer, [[np.ones(3)]])
    trainer.accumulate([np.full(3, np.inf)])
    trainer.step()
    assert trainer.loss_scale() == 4.0
    run_step(trainer, [[np.ones(3)]])
    assert trainer.loss_scale() == 4.0
    run_step(trainer, [[np.ones(3)]])
    assert trainer.loss_scale() == 8.0


def test_step_before_all_micro_batches_raises_value_error():
    trainer = zero.ZeroTrainer(np.zeros(3), 2, accumulation_steps=2)
    trainer.accumulate([np.ones(3), np.ones(3)])
    with pytest.raises(ValueError):
        trainer.step()
    assert trainer.pending_micro_batches() == 1


def test_accumulate_beyond_k_micro_batches_raises_value_error():
    trainer = zero.ZeroTrainer(np.zeros(3), 2, accumulation_steps=1)
    trainer.accumulate([np.ones(3), np.ones(3)])
    with pytest.raises(ValueError):
        trainer.accumulate([np.ones(3), np.ones(3)])
    assert trainer.pending_micro_batches() == 1


def test_communication_happens_once_per_step_not_per_micro_batch():
    trainer = zero.ZeroTrainer(np.zeros(10), 4, accumulation_steps=4)
    for _ in range(4):
        trainer.accumulate([np.ones(10)] * 4)
        assert trainer.elements_sent() == [0, 0, 0, 0]
    trainer.step()
    assert trainer.elements_sent() == [14, 15, 16, 15]
