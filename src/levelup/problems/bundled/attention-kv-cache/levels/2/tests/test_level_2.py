import attention
import numpy as np
import pytest
from numpy.testing import assert_allclose

RTOL, ATOL = 1e-6, 1e-8


def reference_mha(x, w_q, w_k, w_v, w_o, n_heads, causal=True):
    batch, t, d = x.shape
    dh = d // n_heads
    out = np.zeros((batch, t, d))
    for b in range(batch):
        heads = []
        for h in range(n_heads):
            cols = slice(h * dh, (h + 1) * dh)
            q, k, v = x[b] @ w_q[:, cols], x[b] @ w_k[:, cols], x[b] @ w_v[:, cols]
            scores = q @ k.T / np.sqrt(dh)
            if causal:
                scores[np.triu_indices(t, 1)] = -np.inf
            weights = np.exp(scores - scores.max(axis=1, keepdims=True))
            heads.append(weights / weights.sum(axis=1, keepdims=True) @ v)
        out[b] = np.concatenate(heads, axis=1) @ w_o
    return out


def random_layer(seed, batch, t, d):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, t, d))
    weights = [rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4)]
    return x, weights


def test_split_heads_follows_reshape_then_transpose_convention():
    x = np.arange(8.0).reshape(1, 2, 4)
    out = attention.split_heads(x, 2)
    assert out.shape == (1, 2, 2, 2)
    assert out.tolist() == [[[[0.0, 1.0], [4.0, 5.0]], [[2.0, 3.0], [6.0, 7.0]]]]


def test_split_heads_indexing_on_rectangular_input():
    x = np.random.default_rng(0).normal(size=(2, 3, 6))
    out = attention.split_heads(x, 3)
    assert out.shape == (2, 3, 3, 2)
    for h in range(3):
        assert_allclose(out[:, h], x[:, :, 2 * h : 2 * h + 2], rtol=0, atol=0)


def test_merge_heads_inverts_split_heads():
    x = np.random.default_rng(1).normal(size=(2, 5, 12))
    assert_allclose(attention.merge_heads(attention.split_heads(x, 4)), x, rtol=0, atol=0)


def test_split_heads_rejects_width_not_divisible_by_heads():
    with pytest.raises(ValueError):
        attention.split_heads(np.zeros((1, 2, 6)), 4)


def test_multi_head_attention_output_shape_is_batch_time_width():
    x, (w_q, w_k, w_v, w_o) = random_layer(2, 3, 4, 8)
    assert attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 2).shape == (3, 4, 8)


def test_single_head_identity_weights_match_worked_example():
    x = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    eye = np.eye(2)
    out = attention.multi_head_attention(x, eye, eye, eye, eye, n_heads=1)
    w = np.exp(1 / np.sqrt(2)) / (1 + np.exp(1 / np.sqrt(2)))
    assert_allclose(out, [[[1.0, 0.0], [1 - w, w]]], rtol=RTOL, atol=ATOL)


def test_two_heads_identity_weights_match_worked_example():
    x = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    eye = np.eye(2)
    out = attention.multi_head_attention(x, eye, eye, eye, eye, n_heads=2)
    assert_allclose(out, [[[1.0, 0.0], [0.5, np.e / (1 + np.e)]]], rtol=RTOL, atol=ATOL)


def test_causal_multi_head_attention_matches_per_head_reference():
    x, (w_q, w_k, w_v, w_o) = random_layer(3, 2, 5, 8)
    out = attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 2)
    assert_allclose(out, reference_mha(x, w_q, w_k, w_v, w_o, 2), rtol=RTOL, atol=ATOL)


def test_non_causal_multi_head_attention_matches_per_head_reference():
    x, (w_q, w_k, w_v, w_o) = random_layer(4, 2, 5, 8)
    out = attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 4, causal=False)
    expected = reference_mha(x, w_q, w_k, w_v, w_o, 4, causal=False)
    assert_allclose(out, expected, rtol=RTOL, atol=ATOL)


def test_causal_output_does_not_depend_on_later_tokens():
    x, (w_q, w_k, w_v, w_o) = random_layer(5, 1, 6, 8)
    changed = x.copy()
    changed[0, 4:] += 5.0
    out = attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 2)
    out_changed = attention.multi_head_attention(changed, w_q, w_k, w_v, w_o, 2)
    assert_allclose(out_changed[0, :4], out[0, :4], rtol=RTOL, atol=ATOL)
    assert not np.allclose(out_changed[0, 4:], out[0, 4:])


def test_first_position_output_is_its_own_projected_value():
    x, (w_q, w_k, w_v, w_o) = random_layer(6, 3, 4, 6)
    out = attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 3)
    assert_allclose(out[:, 0], x[:, 0] @ w_v @ w_o, rtol=RTOL, atol=ATOL)


def test_multi_head_attention_rejects_width_not_divisible_by_heads():
    x = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    eye = np.eye(2)
    with pytest.raises(ValueError):
        attention.multi_head_attention(x, eye, eye, eye, eye, n_heads=3)
