import numpy as np
import pytest
import tiled_attention as ta
from numpy.testing import assert_allclose


def test_leading_block_of_only_negative_infinity_is_handled():
    x = np.array([-np.inf, -np.inf, 1.0, 2.0])
    m, total = ta.online_softmax_stats(x, 2)
    assert m == 2.0
    assert total == pytest.approx(1.0 + np.exp(-1.0), rel=1e-9)
    assert_allclose(ta.online_softmax(x, 2), [0.0, 0.0, 1 / (1 + np.e), np.e / (1 + np.e)], rtol=1e-9)


def test_empty_or_all_negative_infinity_input_raises_value_error():
    with pytest.raises(ValueError):
        ta.online_softmax_stats(np.array([]), 2)
    with pytest.raises(ValueError):
        ta.online_softmax_stats(np.array([-np.inf, -np.inf]), 1)
    with pytest.raises(ValueError):
        ta.online_softmax(np.array([-np.inf]), 1)


def test_merging_two_empty_parts_gives_empty_statistics_without_nan():
    m, total = ta.merge_stats((-np.inf, 0.0), (-np.inf, 0.0))
    assert m == -np.inf
    assert total == 0.0


def test_merge_stats_is_order_independent_and_associative():
    a, b, c = (0.5, 1.5), (2.0, 1.0), (-3.0, 4.0)
    ab_c = ta.merge_stats(ta.merge_stats(a, b), c)
    a_bc = ta.merge_stats(a, ta.merge_stats(b, c))
    ba = ta.merge_stats(b, a)
    assert ab_c[0] == a_bc[0] == 2.0
    assert ab_c[1] == pytest.approx(a_bc[1], rel=1e-12)
    assert ta.merge_stats(a, b)[1] == pytest.approx(ba[1], rel=1e-12)


def test_uneven_last_block_and_huge_range_match_softmax():
    x = np.array([700.0, -700.0, 650.0, 0.0, 710.0, -5.0, 699.0, 1.0, 2.0, 705.0])
    e = np.exp(x - x.max())
    assert_allclose(ta.online_softmax(x, 3), e / e.sum(), rtol=1e-9, atol=1e-12)


def test_inputs_are_not_modified():
    x = np.array([3.0, -1.0, 2.0])
    before = x.copy()
    ta.online_softmax(x, 2)
    ta.online_softmax_stats(x, 1)
    ta.softmax(x)
    assert np.array_equal(x, before)
