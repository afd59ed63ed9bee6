import numpy as np
import pytest
import tiled_attention as ta
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}


def naive_attention(q, k, v):
    s = q @ k.T / np.sqrt(q.shape[1])
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)) @ v


def qkv(seed, n_q, n_k, d, d_v=None):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n_q, d)), rng.normal(size=(n_k, d)), rng.normal(size=(n_k, d_v or d))


def test_softmax_normalises_each_row_of_a_matrix():
    x = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -np.inf]])
    p = ta.softmax(x)
    e = np.exp([0.0, 1.0, 2.0])
    assert_allclose(p, [e / e.sum(), [0.5, 0.5, 0.0]], **TOL)


def test_online_softmax_stats_of_matrix_are_per_row():
    x = np.random.default_rng(0).normal(size=(4, 11))
    m, total = ta.online_softmax_stats(x, 3)
    assert_allclose(m, x.max(axis=1), rtol=0, atol=0)
    assert_allclose(total, np.exp(x - x.max(axis=1, keepdims=True)).sum(axis=1), **TOL)


def test_online_softmax_of_matrix_matches_row_softmax():
    x = np.random.default_rng(1).normal(scale=5.0, size=(3, 20))
    e = np.exp(x - x.max(axis=1, keepdims=True))
    assert_allclose(ta.online_softmax(x, 6), e / e.sum(axis=1, keepdims=True), **TOL)


def test_merge_stats_works_elementwise_on_arrays():
    a = (np.array([1.0, 5.0]), np.array([1.0, 2.0]))
    b = (np.array([1.0, 3.0]), np.array([1.0, 4.0]))
    m, total = ta.merge_stats(a, b)
    assert_allclose(m, [1.0, 5.0], **TOL)
    assert_allclose(total, [2.0, 2.0 + 4.0 * np.exp(-2.0)], **TOL)


def test_attention_hand_example():
    q = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    k = np.array([[2.0, 0.0], [0.0, 2.0]])
    v = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 2.0]])
    out = ta.attention(q, k, v)
    w0 = np.exp(np.sqrt(2.0)) / (np.exp(np.sqrt(2.0)) + 1.0)
    assert_allclose(out[0], [w0, 1 - w0, 2 * (1 - w0)], **TOL)
    assert_allclose(out[2], [0.5, 0.5, 1.0], **TOL)


def test_tiled_attention_equals_attention():
    q, k, v = qkv(2, 37, 37, 8)
    out, _ = ta.tiled_attention(q, k, v, 8)
    assert_allclose(out, naive_attention(q, k, v), **TOL)


def test_tiled_attention_with_different_query_and_key_lengths_and_value_width():
    q, k, v = qkv(3, 5, 19, 4, d_v=7)
    out, _ = ta.tiled_attention(q, k, v, 4)
    assert out.shape == (5, 7)
    assert_allclose(out, naive_attention(q, k, v), **TOL)


def test_tiles_computed_counts_every_block_pair():
    q, k, v = qkv(4, 10, 17, 3)
    _, stats = ta.tiled_attention(q, k, v, 4)
    assert stats["tiles_computed"] == 3 * 5


def test_peak_floats_follows_the_working_state_formula():
    q, k, v = qkv(5, 3, 2, 2, d_v=3)
    _, stats = ta.tiled_attention(q, k, v, 2)
    assert stats["peak_floats"] == 2 * 2 + 2 * 2 + 2 * 3


def test_peak_floats_does_not_grow_with_sequence_length():
    peaks = []
    for n in (64, 256):
        q, k, v = qkv(6, n, n, 4)
        _, stats = ta.tiled_attention(q, k, v, 16)
        peaks.append(stats["peak_floats"])
    assert peaks == [16 * 16 + 2 * 16 + 16 * 4] * 2


def test_incompatible_shapes_raise_value_error():
    q, k, v = qkv(7, 4, 6, 3)
    with pytest.raises(ValueError):
        ta.attention(q, k[:, :2], v)
    with pytest.raises(ValueError):
        ta.tiled_attention(q, k, v[:5], 2)
    with pytest.raises(ValueError):
        ta.tiled_attention(q, k, v, 0)
