import moe
import numpy as np
import pytest
from numpy.testing import assert_allclose


def test_empty_batch_routes_nothing():
    result = moe.top_k_gating(np.zeros((0, 3)), k=2)
    assert result["experts"] == []
    assert result["weights"] == []
    assert result["load"] == [0, 0, 0]


def test_non_2d_logits_or_zero_experts_raise_value_error():
    with pytest.raises(ValueError):
        moe.top_k_gating(np.zeros(4), k=1)
    with pytest.raises(ValueError):
        moe.top_k_gating(np.zeros((2, 2, 2)), k=1)
    with pytest.raises(ValueError):
        moe.top_k_gating(np.zeros((3, 0)), k=1)


def test_tie_at_the_cut_keeps_the_lower_index_and_k_equal_to_e_keeps_all():
    logits = np.array([[2.0, 0.0, 2.0, 2.0, -1.0]])
    assert moe.top_k_gating(logits, k=2)["experts"] == [[0, 2]]
    everything = moe.top_k_gating(logits, k=5)
    assert everything["experts"] == [[0, 2, 3, 1, 4]]
    probs = np.exp(logits[0]) / np.exp(logits[0]).sum()
    assert_allclose(everything["weights"][0], probs[[0, 2, 3, 1, 4]], rtol=1e-9, atol=1e-12)


def test_large_integer_and_float32_logits_are_handled_in_float64():
    result = moe.top_k_gating(np.array([[1000, 1001, 0]], dtype=np.int64), k=2)
    assert result["experts"] == [[1, 0]]
    assert_allclose(result["weights"][0], [1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(1.0))], rtol=1e-9)
    logits = np.random.default_rng(7).normal(size=(4, 6)).astype(np.float32)
    out = moe.softmax(logits)
    assert out.dtype == np.float64
    wide = logits.astype(np.float64)
    expected = np.exp(wide - wide.max(axis=1, keepdims=True))
    assert_allclose(out, expected / expected.sum(axis=1, keepdims=True), rtol=1e-12)


def test_returned_lists_hold_plain_python_numbers():
    result = moe.top_k_gating(np.random.default_rng(8).normal(size=(3, 4)), k=2)
    assert all(type(e) is int for row in result["experts"] for e in row)
    assert all(type(w) is float for row in result["weights"] for w in row)
    assert all(type(n) is int for n in result["load"])
