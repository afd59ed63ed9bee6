import numpy as np
import tiled_attention as ta
from numpy.testing import assert_allclose


def test_block_size_one_computes_exactly_the_lower_triangle():
    rng = np.random.default_rng(20)
    q, k, v = rng.normal(size=(3, 6, 2))
    _, stats = ta.tiled_attention(q, k, v, 1, causal=True)
    assert stats["tiles_computed"] == 21
    assert stats["tiles_skipped"] == 15


def test_one_block_covering_the_sequence_is_computed_not_skipped():
    rng = np.random.default_rng(21)
    q, k, v = rng.normal(size=(3, 5, 4))
    out, stats = ta.tiled_attention(q, k, v, 16, causal=True)
    assert stats["tiles_computed"] == 1
    assert stats["tiles_skipped"] == 0
    assert_allclose(out, ta.attention(q, k, v, causal=True), rtol=1e-9, atol=1e-12)


def test_changing_future_keys_and_values_leaves_earlier_outputs_unchanged():
    rng = np.random.default_rng(22)
    q, k, v = rng.normal(size=(3, 12, 4))
    k2, v2 = k.copy(), v.copy()
    k2[7:] = rng.normal(size=(5, 4)) * 10
    v2[7:] = rng.normal(size=(5, 4)) * 10
    out, _ = ta.tiled_attention(q, k, v, 4, causal=True)
    out2, _ = ta.tiled_attention(q, k2, v2, 4, causal=True)
    assert_allclose(out2[:7], out[:7], rtol=1e-9, atol=1e-12)


def test_causal_with_large_scores_stays_finite_and_exact():
    rng = np.random.default_rng(23)
    q, k, v = rng.normal(size=(3, 10, 4)) * 50.0
    out, _ = ta.tiled_attention(q, k, v, 3, causal=True)
    s = q @ k.T / 2.0
    s = np.where(np.tril(np.ones((10, 10), dtype=bool)), s, -np.inf)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    assert np.all(np.isfinite(out))
    assert_allclose(out, (e / e.sum(axis=1, keepdims=True)) @ v, rtol=1e-9, atol=1e-12)
