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


def reference_attention(q, k, v, mask):
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True)) * mask
    return exp / exp.sum(axis=-1, keepdims=True) @ v


def test_padding_mask_marks_first_lengths_positions_and_bad_lengths_raise():
    assert attention.padding_mask([3, 1, 0], 4).tolist() == [
        [True, True, True, False],
        [True, False, False, False],
        [False, False, False, False],
    ]
    with pytest.raises(ValueError):
        attention.padding_mask([2, 5], 4)
    x, weights = random_layer(2, 2, 3, 4)
    with pytest.raises(ValueError):
        attention.multi_head_attention(x, *weights, 2, lengths=[3])  # one length for two rows


def test_padded_positions_output_exact_zeros():
    x, weights = random_layer(0, 3, 5, 8)
    out = attention.multi_head_attention(x, *weights, 2, lengths=[5, 2, 0])
    assert out.shape == (3, 5, 8)
    assert np.all(out[1, 2:] == 0.0)
    assert np.all(out[2] == 0.0)
    assert np.all(out[0] != 0.0)


def test_real_positions_ignore_padding_without_causal_mask():
    x, weights = random_layer(1, 3, 4, 8)
    lengths = [4, 2, 3]
    for b, length in enumerate(lengths):
        x[b, length:] = 1000.0  # junk padding must not leak into real positions
    out = attention.multi_head_attention(x, *weights, 4, causal=False, lengths=lengths)
    for b, length in enumerate(lengths):
        alone = attention.multi_head_attention(x[b : b + 1, :length], *weights, 4, causal=False)
        assert_allclose(out[b, :length], alone[0], rtol=RTOL, atol=ATOL)


def test_ragged_prefill_matches_each_row_alone_and_zeros_padded_positions():
    x, weights = random_layer(3, 3, 4, 8)
    lengths = [4, 1, 0]
    x[1, 1:] = 1000.0  # junk padding
    dec = attention.Decoder(*weights, 2)
    out = dec.prefill(x, lengths=lengths)
    assert out.shape == (3, 4, 8)
    alone = attention.multi_head_attention(x[0:1], *weights, 2)
    assert_allclose(out[0], alone[0], rtol=RTOL, atol=ATOL)
    assert_allclose(out[1, :1], attention.multi_head_attention(x[1:2, :1], *weights, 2)[0], rtol=RTOL, atol=ATOL)
    assert np.all(out[1, 1:] == 0.0)
    assert np.all(out[2] == 0.0)
    assert dec.cache_lengths() == [4, 1, 0]
    assert dec.cache_length() == 4


def test_step_skips_inactive_rows_and_each_row_continues_at_its_own_position():
    x, weights = random_layer(4, 2, 3, 4)
    dec = attention.Decoder(*weights, 2)
    dec.prefill(x[:, :2], lengths=[2, 1])
    out = dec.step(x[:, 2], active=[False, True])
    assert np.all(out[0] == 0.0)
    assert dec.cache_lengths() == [2, 2]
    # Row 1 has now seen x[1, 0] and x[1, 2]: its step output is that sequence's second position.
    seq = x[1:2, [0, 2]]
    assert_allclose(out[1], attention.multi_head_attention(seq, *weights, 2)[0, 1], rtol=RTOL, atol=ATOL)


def test_cached_keys_of_ragged_rows_are_zero_after_each_rows_length():
    x, weights = random_layer(5, 2, 3, 4)
    dec = attention.Decoder(*weights, 2)
    dec.prefill(x, lengths=[1, 3])
    keys = dec.cached_keys()
    assert keys.shape == (2, 2, 3, 2)
    expected = attention.split_heads(x @ weights[1], 2)
    assert_allclose(keys[1], expected[1], rtol=RTOL, atol=ATOL)
    assert_allclose(keys[0, :, :1], expected[0, :, :1], rtol=RTOL, atol=ATOL)
    assert np.all(keys[0, :, 1:] == 0.0)
    assert np.all(dec.cached_values()[0, :, 1:] == 0.0)


def test_append_takes_lowest_free_blocks_as_needed():
    cache = attention.PagedKVCache(4, 2, 1, 1)
    cache.allocate(7)
    cache.allocate(8)
    cache.append(7, col(1, 2, 3), col(10, 20, 30))
    cache.append(8, col(4), col(40))
    assert cache.block_table(7) == [0, 1]
    assert cache.block_table(8) == [2]
    assert cache.length(7) == 3
    assert cache.num_free_blocks() == 1


def test_append_fills_last_block_before_taking_a_new_one():
    cache = attention.PagedKVCache(4, 2, 1, 1)
    cache.allocate(7)
    cache.allocate(8)
    cache.append(7, col(1, 2, 3), col(10, 20, 30))
    cache.append(8, col(4), col(40))
    cache.append(7, col(5), col(50))
    assert cache.block_table(7) == [0, 1]
    assert cache.length(7) == 4
    assert cache.num_free_blocks() == 1


def test_gather_returns_appended_keys_and_values_in_position_order():
    rng = np.random.default_rng(3)
    cache = attention.PagedKVCache(10, 3, 2, 4)
    cache.allocate(0)
    cache.allocate(1)
    chunks = {0: [], 1: []}
    for seq_id, t in [(0, 2), (1, 4), (0, 3), (1, 1), (0, 1)]:
        k, v = rng.normal(size=(2, t, 4)), rng.normal(size=(2, t, 4))
        cache.append(seq_id, k, v)
        chunks[seq_id].append((k, v))
    for seq_id in (0, 1):
        keys, values = cache.gather(seq_id)
        expected_keys = np.concatenate([k for k, _ in chunks[seq_id]], axis=1)
        expected_values = np.concatenate([v for _, v in chunks[seq_id]], axis=1)
        assert_allclose(keys, expected_keys, rtol=0, atol=0)
        assert_allclose(values, expected_values, rtol=0, atol=0)


def test_attend_matches_contiguous_attention_with_offset_causal_mask():
    rng = np.random.default_rng(4)
    cache = attention.PagedKVCache(8, 2, 3, 4)
    cache.allocate(5)
    cache.allocate(6)
    k, v = rng.normal(size=(3, 7, 4)), rng.normal(size=(3, 7, 4))
    cache.append(5, k[:, :4], v[:, :4])
    cache.append(6, rng.normal(size=(3, 3, 4)), rng.normal(size=(3, 3, 4)))
    cache.append(5, k[:, 4:], v[:, 4:])
    q = rng.normal(size=(3, 3, 4))
    expected = reference_attention(q, k, v, np.tril(np.ones((3, 7), dtype=bool), k=4))
    assert_allclose(cache.attend(5, q), expected, rtol=RTOL, atol=ATOL)


def test_append_beyond_pool_raises_runtime_error_and_changes_nothing():
    cache = attention.PagedKVCache(2, 2, 1, 1)
    cache.allocate(1)
    cache.append(1, col(1), col(10))
    with pytest.raises(RuntimeError):
        cache.append(1, col(2, 3, 4, 5), col(20, 30, 40, 50))
    assert cache.length(1) == 1
    assert cache.block_table(1) == [0]
    assert cache.num_free_blocks() == 1


def test_freed_blocks_are_reused_lowest_id_first():
    cache = attention.PagedKVCache(4, 2, 1, 1)
    cache.allocate(7)
    cache.allocate(8)
    cache.append(7, col(1, 2, 3, 5), col(10, 20, 30, 50))
    cache.append(8, col(4), col(40))
    cache.free(7)
    assert cache.num_free_blocks() == 3
    cache.append(8, col(5, 6, 7, 8, 9), col(50, 60, 70, 80, 90))
    assert cache.block_table(8) == [2, 0, 1]
    assert cache.num_free_blocks() == 1
    assert cache.gather(8)[1][0, :, 0].tolist() == [40.0, 50.0, 60.0, 70.0, 80.0, 90.0]


def test_allocate_starts_empty_twice_raises_value_error_and_unknown_sequence_raises_key_error():
    cache = attention.PagedKVCache(4, 2, 1, 1)
    cache.allocate(1)
    assert cache.length(1) == 0
    assert cache.block_table(1) == []
    assert cache.num_free_blocks() == 4
    with pytest.raises(ValueError):
        cache.allocate(1)
    with pytest.raises(KeyError):
        cache.append(2, col(1), col(1))
    with pytest.raises(KeyError):
        cache.free(2)
