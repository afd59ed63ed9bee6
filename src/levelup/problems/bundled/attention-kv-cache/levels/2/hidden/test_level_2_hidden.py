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


def test_zero_heads_raise_value_error():
    x, (w_q, w_k, w_v, w_o) = random_layer(20, 1, 2, 4)
    with pytest.raises(ValueError):
        attention.split_heads(x, 0)
    with pytest.raises(ValueError):
        attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 0)


def test_merge_heads_places_head_h_at_feature_block_h():
    x = np.arange(12.0).reshape(1, 3, 2, 2)  # B = 1, H = 3, T = 2, Dh = 2
    out = attention.merge_heads(x)
    assert out.tolist() == [[[0.0, 1.0, 4.0, 5.0, 8.0, 9.0], [2.0, 3.0, 6.0, 7.0, 10.0, 11.0]]]


def test_batch_items_are_computed_independently():
    x, (w_q, w_k, w_v, w_o) = random_layer(21, 3, 5, 8)
    out = attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 4, causal=False)
    for b in range(3):
        alone = attention.multi_head_attention(x[b : b + 1], w_q, w_k, w_v, w_o, 4, causal=False)
        assert_allclose(out[b], alone[0], rtol=RTOL, atol=ATOL)


def test_one_head_per_feature_matches_reference():
    x, (w_q, w_k, w_v, w_o) = random_layer(22, 2, 6, 4)
    out = attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 4)
    assert_allclose(out, reference_mha(x, w_q, w_k, w_v, w_o, 4), rtol=RTOL, atol=ATOL)


def test_non_causal_attention_is_permutation_equivariant():
    x, (w_q, w_k, w_v, w_o) = random_layer(23, 1, 5, 6)
    perm = [3, 0, 4, 1, 2]
    out = attention.multi_head_attention(x, w_q, w_k, w_v, w_o, 3, causal=False)
    out_perm = attention.multi_head_attention(x[:, perm], w_q, w_k, w_v, w_o, 3, causal=False)
    assert_allclose(out_perm, out[:, perm], rtol=RTOL, atol=ATOL)
