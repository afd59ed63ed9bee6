import numpy as np
import pytest
import tiled_attention as ta
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}


def naive_attention(q, k, v, causal):
    s = q @ k.T / np.sqrt(q.shape[1])
    if causal:
        s = np.where(np.tril(np.ones(s.shape, dtype=bool)), s, -np.inf)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)) @ v


def qkv(seed, n, d, d_v=None):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=(n, d)), rng.normal(size=(n, d_v or d))


def test_causal_attention_matches_masked_formula():
    q, k, v = qkv(0, 6, 3)
    assert_allclose(ta.attention(q, k, v, causal=True), naive_attention(q, k, v, True), **TOL)


def test_causal_first_query_sees_only_first_key():
    q, k, v = qkv(1, 5, 2)
    out, _ = ta.tiled_attention(q, k, v, 2, causal=True)
    assert_allclose(out[0], v[0], **TOL)


def test_causal_tiled_attention_equals_causal_attention():
    q, k, v = qkv(2, 37, 8)
    out, _ = ta.tiled_attention(q, k, v, 8, causal=True)
    assert_allclose(out, naive_attention(q, k, v, True), **TOL)


def test_four_positions_in_blocks_of_two_skip_one_tile():
    q, k, v = qkv(3, 4, 2)
    _, stats = ta.tiled_attention(q, k, v, 2, causal=True)
    assert stats["tiles_computed"] == 3
    assert stats["tiles_skipped"] == 1


def test_equal_blocks_compute_the_lower_triangle_of_tiles():
    q, k, v = qkv(4, 32, 4)
    _, stats = ta.tiled_attention(q, k, v, 8, causal=True)
    assert stats["tiles_computed"] == 10
    assert stats["tiles_skipped"] == 6


def test_uneven_last_block_counts():
    q, k, v = qkv(5, 37, 4)
    _, stats = ta.tiled_attention(q, k, v, 8, causal=True)
    assert stats["tiles_computed"] == 15
    assert stats["tiles_skipped"] == 10


def test_non_causal_skips_nothing():
    q, k, v = qkv(6, 20, 4)
    _, stats = ta.tiled_attention(q, k, v, 8)
    assert stats["tiles_skipped"] == 0
    assert stats["tiles_computed"] == 9


def test_peak_floats_unchanged_by_causal():
    q, k, v = qkv(7, 24, 4, d_v=5)
    _, plain = ta.tiled_attention(q, k, v, 8)
    _, causal = ta.tiled_attention(q, k, v, 8, causal=True)
    assert plain["peak_floats"] == causal["peak_floats"] == 8 * 8 + 2 * 8 + 8 * 5


def test_default_is_not_causal():
    q, k, v = qkv(8, 9, 3)
    out, _ = ta.tiled_attention(q, k, v, 4)
    assert_allclose(out, naive_attention(q, k, v, False), **TOL)
    assert_allclose(ta.attention(q, k, v), naive_attention(q, k, v, False), **TOL)


def test_causal_needs_as_many_queries_as_keys():
    q, k, v = qkv(9, 6, 3)
    with pytest.raises(ValueError):
        ta.attention(q[:4], k, v, causal=True)
    with pytest.raises(ValueError):
        ta.tiled_attention(q[:4], k, v, 2, causal=True)
