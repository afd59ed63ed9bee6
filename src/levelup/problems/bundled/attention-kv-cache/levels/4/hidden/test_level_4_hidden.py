import attention
import numpy as np
import pytest
from numpy.testing import assert_allclose

RTOL, ATOL = 1e-6, 1e-8


def random_layer(seed, batch, t, d):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, t, d))
    weights = [rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4)]
    return x, weights


def col(*values):
    return np.array(values, dtype=float).reshape(1, -1, 1)


def test_causal_padded_batch_matches_each_sequence_alone_and_zero_length_row_is_zero():
    x, weights = random_layer(40, 4, 6, 8)
    lengths = [6, 1, 0, 4]
    for b, length in enumerate(lengths):
        x[b, length:] = -500.0
    out = attention.multi_head_attention(x, *weights, 2, causal=True, lengths=lengths)
    for b, length in enumerate(lengths):
        assert np.all(out[b, length:] == 0.0)
        if length:
            alone = attention.multi_head_attention(x[b : b + 1, :length], *weights, 2)
            assert_allclose(out[b, :length], alone[0], rtol=RTOL, atol=ATOL)


def test_paged_decoding_of_interleaved_sequences_matches_full_attention():
    n_heads, d = 2, 8
    head_dim = d // n_heads
    x, (w_q, w_k, w_v, w_o) = random_layer(41, 2, 5, d)
    full = attention.multi_head_attention(x, w_q, w_k, w_v, w_o, n_heads)
    cache = attention.PagedKVCache(6, 2, n_heads, head_dim)
    cache.allocate(10)
    cache.allocate(11)
    for t in range(5):
        for s, seq_id in enumerate((10, 11)):
            token = x[s, t]
            cache.append(
                seq_id,
                (token @ w_k).reshape(n_heads, 1, head_dim),
                (token @ w_v).reshape(n_heads, 1, head_dim),
            )
            heads = cache.attend(seq_id, (token @ w_q).reshape(n_heads, 1, head_dim))
            assert_allclose(heads.reshape(d) @ w_o, full[s, t], rtol=RTOL, atol=ATOL)
    assert cache.block_table(10) == [0, 2, 4]
    assert cache.block_table(11) == [1, 3, 5]


def test_freed_sequence_id_is_unknown_until_allocated_again_then_starts_empty():
    cache = attention.PagedKVCache(3, 2, 1, 1)
    cache.allocate(4)
    cache.append(4, col(1, 2, 3), col(1, 2, 3))
    cache.free(4)
    with pytest.raises(KeyError):
        cache.length(4)
    with pytest.raises(KeyError):
        cache.block_table(4)
    with pytest.raises(KeyError):
        cache.free(4)
    cache.allocate(4)
    assert cache.length(4) == 0
    assert cache.block_table(4) == []
    assert cache.num_free_blocks() == 3
    cache.append(4, col(9), col(90))
    assert cache.gather(4)[1].tolist() == [[[90.0]]]


def test_empty_sequence_gathers_zero_positions_and_attend_rejects_more_queries_than_stored():
    cache = attention.PagedKVCache(4, 2, 2, 3)
    cache.allocate(1)
    keys, values = cache.gather(1)
    assert keys.shape == (2, 0, 3)
    assert values.shape == (2, 0, 3)
    cache.allocate(2)
    cache.append(2, np.zeros((2, 2, 3)), np.zeros((2, 2, 3)))
    with pytest.raises(ValueError):
        cache.attend(2, np.zeros((2, 3, 3)))


def test_append_with_wrong_shapes_raises_value_error_and_changes_nothing():
    cache = attention.PagedKVCache(4, 2, 2, 3)
    cache.allocate(1)
    with pytest.raises(ValueError):
        cache.append(1, np.zeros((2, 1, 3)), np.zeros((2, 2, 3)))
    with pytest.raises(ValueError):
        cache.append(1, np.zeros((1, 1, 3)), np.zeros((1, 1, 3)))
    assert cache.length(1) == 0
    assert cache.num_free_blocks() == 4


def test_ragged_decoding_mixing_prefill_and_step_matches_each_sequence_alone():
    rng = np.random.default_rng(11)
    d, n_heads = 6, 3
    weights = [rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4)]
    dec = attention.Decoder(*weights, n_heads)
    seen = [[], [], []]
    outputs = [[], [], []]
    prompt = rng.normal(size=(3, 4, d))
    out = dec.prefill(prompt, lengths=[4, 2, 3])
    for b, n in enumerate([4, 2, 3]):
        seen[b].extend(prompt[b, :n])
        outputs[b].extend(out[b, :n])
    for active in ([True, True, False], [False, True, True], [True, True, True]):
        x_t = rng.normal(size=(3, d))
        out = dec.step(x_t, active=active)
        for b, is_active in enumerate(active):
            if is_active:
                seen[b].append(x_t[b])
                outputs[b].append(out[b])
            else:
                assert np.all(out[b] == 0.0)
    assert dec.cache_lengths() == [6, 5, 5]
    for b in range(3):
        alone = attention.multi_head_attention(np.array(seen[b])[None], *weights, n_heads)
        assert_allclose(np.array(outputs[b]), alone[0], rtol=RTOL, atol=ATOL)
    with pytest.raises(ValueError):
        dec.prefill(prompt, lengths=[1, 2])
    with pytest.raises(ValueError):
        dec.step(x_t, active=[True])
    assert dec.cache_lengths() == [6, 5, 5]
