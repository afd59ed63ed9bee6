import numpy as np
import pytest
import zero
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-8, "atol": 1e-10}


def reference_adam(params, grads, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam (arXiv 1412.6980, Algorithm 1); returns params after every step and final (m, v)."""
    p = np.asarray(params, dtype=np.float64).copy()
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    history = []
    for t, g in enumerate(grads, start=1):
        g = np.asarray(g, dtype=np.float64)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        p = p - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
        history.append(p.copy())
    return history, m, v


def rank_grads(rng, steps, world_size, length):
    return [[rng.normal(size=length) for _ in range(world_size)] for _ in range(steps)]


def test_adam_first_step_moves_each_entry_by_about_lr():
    adam = zero.Adam(np.array([1.0, -2.0, 0.5]))
    out = adam.step(np.array([0.1, -3.0, 0.0]))
    expected = [1.0 - 1e-3 * 0.1 / (0.1 + 1e-8), -2.0 + 1e-3 * 3.0 / (3.0 + 1e-8), 0.5]
    assert out.dtype == np.float64
    assert_allclose(out, expected, **TOL)
    assert_allclose(adam.params(), expected, **TOL)


def test_adam_moments_after_one_step():
    adam = zero.Adam(np.array([1.0, -2.0, 0.5]))
    adam.step(np.array([0.1, -3.0, 0.0]))
    m, v = adam.moments()
    assert_allclose(m, [0.01, -0.3, 0.0], **TOL)
    assert_allclose(v, [1e-5, 9e-3, 0.0], **TOL)


def test_adam_matches_reference_over_several_steps():
    rng = np.random.default_rng(0)
    params = rng.normal(size=6)
    grads = [rng.normal(size=6) for _ in range(5)]
    adam = zero.Adam(params)
    history, m, v = reference_adam(params, grads)
    for g, expected in zip(grads, history, strict=True):
        assert_allclose(adam.step(g), expected, **TOL)
    assert_allclose(adam.moments()[0], m, **TOL)
    assert_allclose(adam.moments()[1], v, **TOL)


def test_adam_uses_given_hyperparameters():
    rng = np.random.default_rng(1)
    params = rng.normal(size=4)
    grads = [rng.normal(size=4) for _ in range(3)]
    adam = zero.Adam(params, lr=0.1, beta1=0.5, beta2=0.9, eps=1e-3)
    history, _, _ = reference_adam(params, grads, lr=0.1, beta1=0.5, beta2=0.9, eps=1e-3)
    for g in grads:
        adam.step(g)
    assert_allclose(adam.params(), history[-1], **TOL)


def test_adam_state_size_counts_both_moments():
    assert zero.Adam(np.zeros(7)).state_size() == 14


def test_zero_adam_matches_adam_on_the_averaged_gradient():
    rng = np.random.default_rng(2)
    params = rng.normal(size=10)
    steps = rank_grads(rng, 5, 4, 10)
    opt = zero.ZeroAdam(params, 4, lr=0.01)
    history, _, _ = reference_adam(params, [np.mean(g, axis=0) for g in steps], lr=0.01)
    for grads, expected in zip(steps, history, strict=True):
        assert_allclose(opt.step(grads), expected, **TOL)
    assert_allclose(opt.params(), history[-1], **TOL)


def test_zero_adam_every_rank_holds_the_same_full_params():
    rng = np.random.default_rng(3)
    params = rng.normal(size=9)
    opt = zero.ZeroAdam(params, 3)
    for grads in rank_grads(rng, 3, 3, 9):
        opt.step(grads)
    copies = opt.rank_params()
    assert len(copies) == 3
    for copy in copies:
        assert copy.shape == (9,)
        assert_allclose(copy, opt.params(), rtol=0, atol=0)


def test_zero_adam_state_sizes_are_one_nth_of_adam_state():
    opt = zero.ZeroAdam(np.zeros(12), 4)
    assert opt.state_sizes() == [6, 6, 6, 6]
    assert sum(opt.state_sizes()) == zero.Adam(np.zeros(12)).state_size()


def test_zero_adam_rank_moments_are_chunks_of_reference_moments():
    rng = np.random.default_rng(4)
    params = rng.normal(size=10)
    steps = rank_grads(rng, 3, 4, 10)
    opt = zero.ZeroAdam(params, 4)
    for grads in steps:
        opt.step(grads)
    _, m, v = reference_adam(params, [np.mean(g, axis=0) for g in steps])
    for rank, (m_chunk, v_chunk) in enumerate(zip(np.array_split(m, 4), np.array_split(v, 4), strict=True)):
        shard_m, shard_v = opt.moments(rank)
        assert_allclose(shard_m, m_chunk, **TOL)
        assert_allclose(shard_v, v_chunk, **TOL)


def test_zero_adam_step_sends_one_all_reduce_worth_of_elements():
    opt = zero.ZeroAdam(np.zeros(12), 4)
    opt.step([np.ones(12)] * 4)
    assert opt.elements_sent() == [18, 18, 18, 18]
    group = zero.RingGroup(4)
    group.all_reduce([np.ones(12)] * 4)
    assert opt.elements_sent() == group.elements_sent()


def test_zero_adam_wrong_number_of_gradients_raises_value_error():
    opt = zero.ZeroAdam(np.zeros(10), 4)
    with pytest.raises(ValueError):
        opt.step([np.zeros(10)] * 3)
