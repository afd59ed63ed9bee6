import numpy as np
import pytest
from attention import causal_mask, scaled_dot_product_attention, softmax
from numpy.testing import assert_allclose

RTOL, ATOL = 1e-6, 1e-8


def reference_attention(q, k, v, mask=None):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    if mask is not None:
        exp = exp * mask
    return exp / exp.sum(axis=-1, keepdims=True) @ v


def test_softmax_gives_negative_infinity_exactly_zero_probability():
    out = softmax(np.array([[0.0, -np.inf, 0.0], [-np.inf, 1.0, -np.inf]]))
    assert out[0, 1] == 0.0
    assert out[1].tolist() == [0.0, 1.0, 0.0]
    assert_allclose(out[0], [0.5, 0.0, 0.5], rtol=RTOL, atol=ATOL)


def test_softmax_of_large_logits_along_axis_zero_is_stable():
    x = np.array([[20000.0, -30000.0], [19999.0, -30000.0 + np.log(3.0)]])
    out = softmax(x, axis=0)
    e = np.exp(-1.0)
    assert np.all(np.isfinite(out))
    assert_allclose(out, [[1 / (1 + e), 0.25], [e / (1 + e), 0.75]], rtol=RTOL, atol=ATOL)


def test_large_scores_put_all_weight_on_best_key_without_nan():
    q = np.array([[100.0, 0.0], [0.0, -100.0]])
    k = np.array([[100.0, 0.0], [0.0, 100.0], [0.0, -100.0]])  # scores up to 1e4 / sqrt(2)
    v = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    out = scaled_dot_product_attention(q, k, v)
    assert np.all(np.isfinite(out))
    assert_allclose(out, [[1.0, 2.0], [5.0, 6.0]], rtol=RTOL, atol=ATOL)


def test_two_dimensional_mask_broadcasts_over_batch_dims():
    rng = np.random.default_rng(10)
    q = rng.normal(size=(2, 3, 4, 6))
    k = rng.normal(size=(2, 3, 4, 6))
    v = rng.normal(size=(2, 3, 4, 5))
    out = scaled_dot_product_attention(q, k, v, mask=causal_mask(4))
    for b in range(2):
        for h in range(3):
            expected = reference_attention(q[b, h], k[b, h], v[b, h], causal_mask(4))
            assert_allclose(out[b, h], expected, rtol=RTOL, atol=ATOL)


def test_fully_masked_row_is_zero_and_other_rows_and_batches_unaffected():
    rng = np.random.default_rng(11)
    q = rng.normal(size=(2, 3, 4))
    k = rng.normal(size=(2, 5, 4))
    v = rng.normal(size=(2, 5, 3))
    mask = np.ones((2, 3, 5), dtype=bool)
    mask[1, 2, :] = False
    mask[0, 0, 4] = False
    out = scaled_dot_product_attention(q, k, v, mask=mask)
    assert not np.any(np.isnan(out))
    assert out[1, 2].tolist() == [0.0, 0.0, 0.0]
    assert_allclose(out[1, :2], reference_attention(q[1, :2], k[1], v[1]), rtol=RTOL, atol=ATOL)
    assert_allclose(out[0], reference_attention(q[0], k[0], v[0], mask[0]), rtol=RTOL, atol=ATOL)


def test_mismatched_key_and_value_lengths_raise_value_error():
    q = np.zeros((2, 3))
    k = np.zeros((4, 3))
    v = np.zeros((5, 2))
    with pytest.raises(ValueError):
        scaled_dot_product_attention(q, k, v)
