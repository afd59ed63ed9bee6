import numpy as np
import pytest
import tiled_attention as ta
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}


def reference_softmax(x):
    e = np.exp(x - np.max(x))
    return e / e.sum()


def test_softmax_matches_formula_and_sums_to_one():
    x = np.array([0.5, -1.0, 2.0, 0.0])
    p = ta.softmax(x)
    assert_allclose(p, np.exp(x) / np.exp(x).sum(), **TOL)
    assert float(np.sum(p)) == pytest.approx(1.0, rel=1e-12)


def test_softmax_of_large_logits_does_not_overflow():
    assert_allclose(ta.softmax(np.array([1000.0, 1001.0])), [0.2689414213699951, 0.7310585786300049], **TOL)


def test_online_softmax_stats_are_max_and_shifted_sum():
    x = np.array([1.0, 3.0, 2.0, 5.0])
    m, total = ta.online_softmax_stats(x, 2)
    assert isinstance(m, float) and isinstance(total, float)
    assert m == 5.0
    assert total == pytest.approx(float(np.sum(np.exp(x - 5.0))), rel=1e-9)


def test_online_softmax_stats_do_not_depend_on_block_size():
    x = np.random.default_rng(0).normal(scale=4.0, size=23)
    expected_l = float(np.sum(np.exp(x - x.max())))
    for block_size in (1, 2, 5, 23, 100):
        m, total = ta.online_softmax_stats(x, block_size)
        assert m == float(x.max())
        assert total == pytest.approx(expected_l, rel=1e-9)


def test_online_softmax_matches_softmax():
    x = np.random.default_rng(1).normal(scale=3.0, size=40)
    assert_allclose(ta.online_softmax(x, 7), reference_softmax(x), **TOL)


def test_online_softmax_stats_of_large_values_do_not_overflow():
    m, total = ta.online_softmax_stats(np.array([1000.0, 1000.0]), 1)
    assert m == 1000.0
    assert total == pytest.approx(2.0, rel=1e-12)


def test_merge_stats_of_two_halves_equals_stats_of_whole():
    x = np.random.default_rng(2).normal(size=12)
    left, right = x[:5], x[5:]
    a = (float(left.max()), float(np.sum(np.exp(left - left.max()))))
    b = (float(right.max()), float(np.sum(np.exp(right - right.max()))))
    m, total = ta.merge_stats(a, b)
    assert m == float(x.max())
    assert total == pytest.approx(float(np.sum(np.exp(x - x.max()))), rel=1e-9)


def test_merge_stats_of_equal_maxima_adds_sums():
    m, total = ta.merge_stats((1.0, 1.0), (1.0, 1.0))
    assert isinstance(m, float) and isinstance(total, float)
    assert m == 1.0
    assert total == pytest.approx(2.0, rel=1e-12)


def test_merge_stats_with_empty_part_returns_the_other():
    m, total = ta.merge_stats((3.0, 2.0), (-np.inf, 0.0))
    assert (m, total) == (3.0, pytest.approx(2.0, rel=1e-12))
    m, total = ta.merge_stats((-np.inf, 0.0), (3.0, 2.0))
    assert (m, total) == (3.0, pytest.approx(2.0, rel=1e-12))


def test_negative_infinity_entries_get_zero_probability():
    p = ta.online_softmax(np.array([1.0, 3.0, 2.0, 5.0, -np.inf]), 2)
    assert p[4] == 0.0
    assert_allclose(p[:4], reference_softmax(np.array([1.0, 3.0, 2.0, 5.0])), **TOL)


def test_block_size_below_one_raises_value_error():
    with pytest.raises(ValueError):
        ta.online_softmax_stats(np.array([1.0, 2.0]), 0)
    with pytest.raises(ValueError):
        ta.online_softmax(np.array([1.0, 2.0]), -1)
