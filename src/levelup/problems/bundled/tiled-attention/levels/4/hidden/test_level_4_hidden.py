import numpy as np
import tiled_attention as ta
from numpy.testing import assert_allclose


def test_gradients_do_not_depend_on_block_size():
    rng = np.random.default_rng(30)
    q, k, v, d_out = rng.normal(size=(4, 9, 3))
    results = []
    for block_size in (1, 4, 20):
        out, lse = ta.tiled_attention_forward(q, k, v, block_size, causal=True)
        results.append(ta.tiled_attention_backward(q, k, v, out, lse, d_out, block_size, causal=True)[:3])
    for grads in results[1:]:
        for got, expected in zip(grads, results[0], strict=True):
            assert_allclose(got, expected, rtol=1e-7, atol=1e-10)


def test_causal_gradient_of_first_query_only_reaches_first_key_and_value():
    rng = np.random.default_rng(31)
    q, k, v = rng.normal(size=(3, 8, 4))
    d_out = np.zeros((8, 4))
    d_out[0] = rng.normal(size=4)
    out, lse = ta.tiled_attention_forward(q, k, v, 3, causal=True)
    dq, dk, dv, _ = ta.tiled_attention_backward(q, k, v, out, lse, d_out, 3, causal=True)
    assert_allclose(dv[0], d_out[0], rtol=1e-9, atol=1e-12)
    assert_allclose(dv[1:], np.zeros((7, 4)), atol=1e-12)
    assert_allclose(dk, np.zeros((8, 4)), atol=1e-12)
    assert_allclose(dq, np.zeros((8, 4)), atol=1e-12)


def test_large_scores_give_finite_logsumexp_and_gradients():
    rng = np.random.default_rng(32)
    q, k = rng.normal(size=(2, 10, 4)) * 40.0
    v, d_out = rng.normal(size=(2, 10, 4))
    out, lse = ta.tiled_attention_forward(q, k, v, 3)
    grads = ta.tiled_attention_backward(q, k, v, out, lse, d_out, 3)[:3]
    s = q @ k.T / 2.0
    assert_allclose(lse, s.max(axis=1) + np.log(np.exp(s - s.max(axis=1, keepdims=True)).sum(axis=1)), rtol=1e-9)
    assert all(np.all(np.isfinite(g)) for g in grads)


def test_backward_does_not_modify_its_inputs():
    rng = np.random.default_rng(33)
    q, k, v, d_out = rng.normal(size=(4, 6, 3))
    out, lse = ta.tiled_attention_forward(q, k, v, 2, causal=True)
    arrays = (q, k, v, out, lse, d_out)
    copies = [a.copy() for a in arrays]
    ta.tiled_attention_backward(q, k, v, out, lse, d_out, 2, causal=True)
    for a, b in zip(arrays, copies, strict=True):
        assert np.array_equal(a, b)
