import numpy as np
import pytest
import tiled_attention as ta
from numpy.testing import assert_allclose


def naive_attention(q, k, v):
    s = q @ k.T / np.sqrt(q.shape[1])
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)) @ v


def test_block_size_one_and_block_larger_than_sequence_both_equal_attention():
    rng = np.random.default_rng(10)
    q, k, v = rng.normal(size=(6, 3)), rng.normal(size=(9, 3)), rng.normal(size=(9, 2))
    expected = naive_attention(q, k, v)
    for block_size in (1, 50):
        out, stats = ta.tiled_attention(q, k, v, block_size)
        assert_allclose(out, expected, rtol=1e-9, atol=1e-12)
    assert stats["tiles_computed"] == 1
    assert stats["peak_floats"] == 6 * 9 + 2 * 6 + 6 * 2


def test_large_scores_do_not_overflow_in_tiles():
    rng = np.random.default_rng(11)
    q, k, v = rng.normal(size=(12, 4)) * 60.0, rng.normal(size=(12, 4)) * 60.0, rng.normal(size=(12, 4))
    out, _ = ta.tiled_attention(q, k, v, 5)
    assert np.all(np.isfinite(out))
    assert_allclose(out, naive_attention(q, k, v), rtol=1e-9, atol=1e-12)


def test_peak_floats_of_short_key_sequence_uses_its_length():
    rng = np.random.default_rng(12)
    q, k, v = rng.normal(size=(5, 2)), rng.normal(size=(3, 2)), rng.normal(size=(3, 6))
    _, stats = ta.tiled_attention(q, k, v, 4)
    assert stats["peak_floats"] == 4 * 3 + 2 * 4 + 4 * 6
    assert stats["tiles_computed"] == 2


def test_row_functions_reject_a_row_of_only_negative_infinity():
    x = np.array([[1.0, 2.0], [-np.inf, -np.inf]])
    with pytest.raises(ValueError):
        ta.online_softmax_stats(x, 1)
    with pytest.raises(ValueError):
        ta.online_softmax(x, 2)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(13)
    q, k, v = rng.normal(size=(4, 3)), rng.normal(size=(7, 3)), rng.normal(size=(7, 3))
    copies = [a.copy() for a in (q, k, v)]
    ta.tiled_attention(q, k, v, 3)
    ta.attention(q, k, v)
    for a, b in zip((q, k, v), copies, strict=True):
        assert np.array_equal(a, b)
