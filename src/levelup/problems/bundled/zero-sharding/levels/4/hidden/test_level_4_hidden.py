import numpy as np
import pytest
import zero
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-8, "atol": 1e-10}


def reference_adam(params, grads, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    p = np.asarray(params, dtype=np.float64).copy()
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        p = p - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return p


def test_float16_backward_overflow_backs_off_until_the_step_succeeds():
    # max |g| = 3: 3 * 2**16 and 3 * 2**15 overflow float16 (max 65504), 3 * 2**14 does not
    true = [np.array([3.0, -0.25, 1e-3, 0.5]), np.array([-2.0, 0.75, 2e-3, -1.5])]
    params = np.array([1.0, 2.0, 3.0, 4.0])
    trainer = zero.ZeroTrainer(params, 2, lr=0.01)
    results = []
    for _ in range(3):
        scale = trainer.loss_scale()
        with np.errstate(over="ignore"):  # the float16 overflow is the point of this test
            trainer.accumulate([(g * scale).astype(np.float16) for g in true])
        results.append(trainer.step())
    assert results == [False, False, True]
    assert trainer.skipped_steps() == 2
    assert trainer.loss_scale() == 16384.0
    used = [(g * 16384.0).astype(np.float16).astype(np.float64) / 16384.0 for g in true]
    assert_allclose(trainer.params(), reference_adam(params, [np.mean(used, axis=0)], lr=0.01), **TOL)


def test_float16_micro_batches_are_summed_in_float64():
    trainer = zero.ZeroTrainer(np.zeros(2), 1, accumulation_steps=2, lr=0.1, init_scale=32768.0)
    big = np.array([40000.0, -40000.0], dtype=np.float16)
    trainer.accumulate([big])
    trainer.accumulate([big])
    assert trainer.step() is True
    assert trainer.skipped_steps() == 0
    true = big.astype(np.float64) / 32768.0
    assert_allclose(trainer.params(), reference_adam(np.zeros(2), [true], lr=0.1), **TOL)


def test_skipped_step_neither_advances_adam_nor_communicates():
    rng = np.random.default_rng(5)
    params = rng.normal(size=8)
    trainer = zero.ZeroTrainer(params, 4, accumulation_steps=2, lr=0.02, init_scale=256.0)
    good = [[[rng.normal(size=8) for _ in range(4)] for _ in range(2)] for _ in range(2)]

    def run(micro_batches):
        scale = trainer.loss_scale()
        for per_rank in micro_batches:
            trainer.accumulate([g * scale for g in per_rank])
        return trainer.step()

    assert run(good[0]) is True
    sent = trainer.elements_sent()
    trainer.accumulate([np.zeros(8)] * 4)
    trainer.accumulate([np.zeros(8)] * 3 + [np.full(8, -np.inf)])
    assert trainer.step() is False
    assert trainer.elements_sent() == sent
    assert run(good[1]) is True
    means = [np.mean([g for per_rank in s for g in per_rank], axis=0) for s in good]
    assert_allclose(trainer.params(), reference_adam(params, means, lr=0.02), **TOL)
    assert trainer.skipped_steps() == 1
    assert trainer.loss_scale() == 128.0


def test_invalid_arguments_raise_value_error_and_change_nothing():
    with pytest.raises(ValueError):
        zero.ZeroTrainer(np.zeros(3), 2, accumulation_steps=0)
    with pytest.raises(ValueError):
        zero.ZeroTrainer(np.zeros(3), 2, init_scale=0.5)
    with pytest.raises(ValueError):
        zero.ZeroTrainer(np.zeros(3), 2, growth_interval=0)
    with pytest.raises(ValueError):
        zero.ZeroTrainer(np.zeros(3), 0)
    trainer = zero.ZeroTrainer(np.zeros(3), 2, accumulation_steps=2)
    with pytest.raises(ValueError):
        trainer.accumulate([np.ones(3)])
    with pytest.raises(ValueError):
        trainer.accumulate([np.ones(3), np.ones(4)])
    with pytest.raises(ValueError):
        trainer.step()
    assert trainer.pending_micro_batches() == 0
    assert trainer.skipped_steps() == 0
    assert trainer.loss_scale() == 65536.0


def test_earlier_levels_still_work_next_to_the_trainer():
    rng = np.random.default_rng(6)
    params = rng.normal(size=7)
    grads = [[rng.normal(size=7) for _ in range(3)] for _ in range(3)]
    plain = zero.ZeroAdam(params, 3)
    trainer = zero.ZeroTrainer(params, 3, init_scale=1.0)
    for step_grads in grads:
        plain.step(step_grads)
        trainer.accumulate(step_grads)
        trainer.step()
    assert_allclose(trainer.params(), plain.params(), **TOL)
    assert trainer.elements_sent() == plain.elements_sent()
    out = zero.ring_all_reduce([np.array([1, 2]), np.array([3, 4])])
    assert [o.tolist() for o in out] == [[4, 6], [4, 6]]
    assert zero.RingGroup(2).reduce_scatter([np.ones(2), np.ones(2)])[1].tolist() == [2.0]
