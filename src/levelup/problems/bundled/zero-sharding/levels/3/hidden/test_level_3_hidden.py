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
        g = np.asarray(g, dtype=np.float64)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        p = p - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return p, m, v


def test_uneven_and_empty_shards_have_matching_state_and_results():
    opt = zero.ZeroAdam(np.zeros(10), 4)
    assert opt.state_sizes() == [6, 6, 4, 4]
    rng = np.random.default_rng(10)
    params = rng.normal(size=3)
    opt = zero.ZeroAdam(params, 5, lr=0.05)
    assert opt.state_sizes() == [2, 2, 2, 0, 0]
    steps = [[rng.normal(size=3) for _ in range(5)] for _ in range(4)]
    for grads in steps:
        opt.step(grads)
    expected, m, _ = reference_adam(params, [np.mean(g, axis=0) for g in steps], lr=0.05)
    assert_allclose(opt.params(), expected, **TOL)
    assert opt.moments(4)[0].shape == (0,)
    assert opt.moments(4)[1].shape == (0,)
    assert_allclose(opt.moments(1)[0], m[1:2], **TOL)


def test_integer_and_float32_inputs_are_stored_as_float64():
    adam = zero.Adam(np.array([1, 2, 3], dtype=np.int64))
    out = adam.step(np.array([1, -1, 2], dtype=np.int32))
    assert out.dtype == np.float64
    expected, _, _ = reference_adam(np.array([1.0, 2.0, 3.0]), [np.array([1.0, -1.0, 2.0])])
    assert_allclose(out, expected, **TOL)
    params = np.linspace(-1, 1, 6).astype(np.float32)
    opt = zero.ZeroAdam(params, 2)
    grads = [np.arange(6, dtype=np.float32), np.ones(6, dtype=np.int64)]
    out = opt.step(grads)
    assert out.dtype == np.float64
    expected, _, _ = reference_adam(params.astype(np.float64), [(np.arange(6) + 1.0) / 2])
    assert_allclose(out, expected, **TOL)
    assert all(p.dtype == np.float64 for p in opt.rank_params())


def test_single_rank_zero_adam_equals_adam_and_sends_nothing():
    rng = np.random.default_rng(11)
    params = rng.normal(size=5)
    grads = [rng.normal(size=5) for _ in range(4)]
    opt = zero.ZeroAdam(params, 1, lr=0.02)
    adam = zero.Adam(params, lr=0.02)
    for g in grads:
        assert_allclose(opt.step([g]), adam.step(g), **TOL)
    assert opt.elements_sent() == [0]
    assert opt.state_sizes() == [10]


def test_invalid_arguments_raise_value_error_and_change_nothing():
    with pytest.raises(ValueError):
        zero.ZeroAdam(np.zeros(4), 0)
    with pytest.raises(ValueError):
        zero.Adam(np.zeros((2, 2)))
    adam = zero.Adam(np.ones(3))
    with pytest.raises(ValueError):
        adam.step(np.ones(4))
    assert adam.params().tolist() == [1.0, 1.0, 1.0]
    opt = zero.ZeroAdam(np.ones(4), 2)
    with pytest.raises(ValueError):
        opt.step([np.ones(4), np.ones(5)])
    with pytest.raises(ValueError):
        opt.moments(2)
    with pytest.raises(ValueError):
        opt.moments(-1)
    assert opt.params().tolist() == [1.0] * 4
    assert opt.elements_sent() == [0, 0]
    assert opt.moments(0)[0].tolist() == [0.0, 0.0]


def test_counters_grow_by_one_all_reduce_per_step_with_uneven_chunks():
    opt = zero.ZeroAdam(np.zeros(10), 4)
    for k in range(1, 4):
        opt.step([np.ones(10)] * 4)
        assert opt.elements_sent() == [14 * k, 15 * k, 16 * k, 15 * k]

