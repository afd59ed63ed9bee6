import numpy as np
import pytest
import tiled_attention as ta
from numpy.testing import assert_allclose

GRAD_TOL = {"rtol": 1e-7, "atol": 1e-10}


def naive_forward_backward(q, k, v, d_out, causal):
    scale = 1 / np.sqrt(q.shape[1])
    s = q @ k.T * scale
    if causal:
        s = np.where(np.tril(np.ones(s.shape, dtype=bool)), s, -np.inf)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    dp = d_out @ v.T
    ds = p * (dp - np.sum(dp * p, axis=1, keepdims=True))
    return p @ v, ds @ k * scale, ds.T @ q * scale, p.T @ d_out


def data(seed, n_q, n_k, d, d_v=None):
    rng = np.random.default_rng(seed)
    d_v = d_v or d
    q, k = rng.normal(size=(n_q, d)), rng.normal(size=(n_k, d))
    return q, k, rng.normal(size=(n_k, d_v)), rng.normal(size=(n_q, d_v))


def test_forward_output_equals_tiled_attention():
    q, k, v, _ = data(0, 13, 13, 4)
    out, _ = ta.tiled_attention_forward(q, k, v, 4, causal=True)
    expected, _ = ta.tiled_attention(q, k, v, 4, causal=True)
    assert_allclose(out, expected, rtol=1e-12, atol=1e-14)


def test_forward_logsumexp_of_each_row():
    q, k, v, _ = data(1, 7, 10, 3)
    _, lse = ta.tiled_attention_forward(q, k, v, 3)
    s = q @ k.T / np.sqrt(3)
    assert_allclose(lse, np.log(np.exp(s).sum(axis=1)), rtol=1e-9, atol=1e-12)


def test_causal_logsumexp_of_first_row_is_its_only_score():
    q, k, v, _ = data(2, 6, 6, 4)
    _, lse = ta.tiled_attention_forward(q, k, v, 2, causal=True)
    assert lse[0] == pytest.approx(float(q[0] @ k[0]) / 2.0, rel=1e-9)


def test_backward_matches_naive_gradients():
    q, k, v, d_out = data(3, 19, 19, 8)
    out, lse = ta.tiled_attention_forward(q, k, v, 5)
    dq, dk, dv, _ = ta.tiled_attention_backward(q, k, v, out, lse, d_out, 5)
    _, n_dq, n_dk, n_dv = naive_forward_backward(q, k, v, d_out, False)
    assert_allclose(dq, n_dq, **GRAD_TOL)
    assert_allclose(dk, n_dk, **GRAD_TOL)
    assert_allclose(dv, n_dv, **GRAD_TOL)


def test_causal_backward_matches_naive_gradients():
    q, k, v, d_out = data(4, 21, 21, 4)
    out, lse = ta.tiled_attention_forward(q, k, v, 4, causal=True)
    dq, dk, dv, _ = ta.tiled_attention_backward(q, k, v, out, lse, d_out, 4, causal=True)
    _, n_dq, n_dk, n_dv = naive_forward_backward(q, k, v, d_out, True)
    assert_allclose(dq, n_dq, **GRAD_TOL)
    assert_allclose(dk, n_dk, **GRAD_TOL)
    assert_allclose(dv, n_dv, **GRAD_TOL)


def test_backward_with_different_lengths_and_value_width():
    q, k, v, d_out = data(5, 6, 11, 3, d_v=5)
    out, lse = ta.tiled_attention_forward(q, k, v, 4)
    dq, dk, dv, _ = ta.tiled_attention_backward(q, k, v, out, lse, d_out, 4)
    _, n_dq, n_dk, n_dv = naive_forward_backward(q, k, v, d_out, False)
    assert (dq.shape, dk.shape, dv.shape) == ((6, 3), (11, 3), (11, 5))
    assert_allclose(dq, n_dq, **GRAD_TOL)
    assert_allclose(dk, n_dk, **GRAD_TOL)
    assert_allclose(dv, n_dv, **GRAD_TOL)


def test_query_gradient_matches_finite_differences():
    q, k, v, d_out = data(6, 4, 5, 3)
    out, lse = ta.tiled_attention_forward(q, k, v, 2)
    dq, _, _, _ = ta.tiled_attention_backward(q, k, v, out, lse, d_out, 2)
    eps = 1e-6
    for i, j in [(0, 0), (2, 1), (3, 2)]:
        plus, minus = q.copy(), q.copy()
        plus[i, j] += eps
        minus[i, j] -= eps
        f_plus = float(np.sum(ta.attention(plus, k, v) * d_out))
        f_minus = float(np.sum(ta.attention(minus, k, v) * d_out))
        assert dq[i, j] == pytest.approx((f_plus - f_minus) / (2 * eps), rel=1e-5, abs=1e-8)


def test_hand_example_with_uniform_attention():
    q = np.zeros((2, 2))
    k = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[1.0], [3.0]])
    out, lse = ta.tiled_attention_forward(q, k, v, 1)
    assert_allclose(out, [[2.0], [2.0]], rtol=1e-12)
    assert_allclose(lse, [np.log(2.0)] * 2, rtol=1e-12)
    dq, dk, dv, stats = ta.tiled_attention_backward(q, k, v, out, lse, np.array([[1.0], [0.0]]), 1)
    assert_allclose(dv, [[0.5], [0.5]], rtol=1e-12)
    assert_allclose(dq, [[-0.5 / np.sqrt(2), 0.5 / np.sqrt(2)], [0.0, 0.0]], rtol=1e-9, atol=1e-12)
    assert_allclose(dk, np.zeros((2, 2)), atol=1e-12)
    assert stats["tiles_computed"] == 4
    assert stats["tiles_skipped"] == 0


def test_backward_skips_the_same_tiles_as_the_forward_pass():
    q, k, v, d_out = data(7, 37, 37, 4)
    out, lse = ta.tiled_attention_forward(q, k, v, 8, causal=True)
    _, _, _, stats = ta.tiled_attention_backward(q, k, v, out, lse, d_out, 8, causal=True)
    assert stats["tiles_computed"] == 15
    assert stats["tiles_skipped"] == 10


def test_backward_rejects_mismatched_shapes():
    q, k, v, d_out = data(8, 4, 4, 2)
    out, lse = ta.tiled_attention_forward(q, k, v, 2)
    with pytest.raises(ValueError):
        ta.tiled_attention_backward(q, k, v, out, lse, d_out[:3], 2)
    with pytest.raises(ValueError):
        ta.tiled_attention_backward(q, k, v, out, lse[:3], d_out, 2)
    with pytest.raises(ValueError):
        ta.tiled_attention_backward(q, k, v, out, lse, d_out, 0)
