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


def test_softmax_matches_closed_form_on_small_vector():
    expected = np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()
    assert_allclose(softmax(np.array([1.0, 2.0, 3.0])), expected, rtol=RTOL, atol=ATOL)


def test_softmax_slices_sum_to_one_along_last_axis_by_default():
    x = np.random.default_rng(0).normal(size=(3, 4, 5))
    out = softmax(x)
    assert out.shape == (3, 4, 5)
    assert_allclose(out.sum(axis=-1), np.ones((3, 4)), rtol=RTOL, atol=ATOL)


def test_softmax_respects_axis_argument():
    x = np.array([[0.0, 0.0], [0.0, np.log(3.0)]])
    assert_allclose(softmax(x, axis=0), [[0.5, 0.25], [0.5, 0.75]], rtol=RTOL, atol=ATOL)


def test_softmax_of_large_logits_does_not_overflow():
    out = softmax(np.array([10000.0, 10000.0, -10000.0]))
    assert np.all(np.isfinite(out))
    assert_allclose(out, [0.5, 0.5, 0.0], rtol=RTOL, atol=ATOL)


def test_causal_mask_is_lower_triangular_boolean():
    mask = causal_mask(3)
    assert mask.dtype == np.bool_
    assert mask.tolist() == [[True, False, False], [True, True, False], [True, True, True]]


def test_attention_output_shape_keeps_batch_dims_and_value_width():
    rng = np.random.default_rng(1)
    q = rng.normal(size=(2, 3, 4, 5))
    k = rng.normal(size=(2, 3, 6, 5))
    v = rng.normal(size=(2, 3, 6, 7))
    assert scaled_dot_product_attention(q, k, v).shape == (2, 3, 4, 7)


def test_attention_matches_worked_example():
    q = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[10.0], [20.0]])
    w0 = np.exp(1 / np.sqrt(2)) / (np.exp(1 / np.sqrt(2)) + 1)
    expected = [[10 * w0 + 20 * (1 - w0)], [10 * (1 - w0) + 20 * w0]]
    assert_allclose(scaled_dot_product_attention(q, q, v), expected, rtol=RTOL, atol=ATOL)


def test_attention_with_causal_mask_first_query_sees_only_first_key():
    q = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[10.0], [20.0]])
    out = scaled_dot_product_attention(q, q, v, mask=causal_mask(2))
    w0 = np.exp(1 / np.sqrt(2)) / (np.exp(1 / np.sqrt(2)) + 1)
    assert_allclose(out, [[10.0], [10 * (1 - w0) + 20 * w0]], rtol=RTOL, atol=ATOL)


def test_attention_scales_scores_by_sqrt_of_key_dim_on_random_inputs():
    rng = np.random.default_rng(2)
    q = rng.normal(size=(3, 4, 8))
    k = rng.normal(size=(3, 5, 8))
    v = rng.normal(size=(3, 5, 2))
    out = scaled_dot_product_attention(q, k, v)
    assert_allclose(out, reference_attention(q, k, v), rtol=RTOL, atol=ATOL)


def test_masked_out_key_gets_zero_weight():
    rng = np.random.default_rng(3)
    q = rng.normal(size=(2, 4))
    k = rng.normal(size=(3, 4))
    v = rng.normal(size=(3, 2))
    mask = np.array([[True, False, True], [True, False, True]])
    out = scaled_dot_product_attention(q, k, v, mask=mask)
    v_changed = v.copy()
    v_changed[1] = 1000.0
    out_changed = scaled_dot_product_attention(q, k, v_changed, mask=mask)
    assert_allclose(out, out_changed, rtol=RTOL, atol=ATOL)
    assert_allclose(out, reference_attention(q, k[[0, 2]], v[[0, 2]]), rtol=RTOL, atol=ATOL)


def test_fully_masked_row_outputs_zeros():
    q = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[10.0], [20.0]])
    mask = np.array([[False, False], [True, True]])
    out = scaled_dot_product_attention(q, q, v, mask=mask)
    assert out[0].tolist() == [0.0]
    assert_allclose(out[1], reference_attention(q, q, v)[1], rtol=RTOL, atol=ATOL)


def test_mismatched_query_and_key_dims_raise_value_error():
    q = np.zeros((2, 3))
    k = np.zeros((4, 5))
    v = np.zeros((4, 1))
    with pytest.raises(ValueError):
        scaled_dot_product_attention(q, k, v)
