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


def test_uneven_chunks_of_prefill_and_step_match_full_recomputation():
    x, weights = random_layer(30, 2, 10, 8)
    full = attention.multi_head_attention(x, *weights, 4)
    dec = attention.Decoder(*weights, 4)
    assert_allclose(dec.prefill(x[:, 0:3]), full[:, 0:3], rtol=RTOL, atol=ATOL)
    assert_allclose(dec.step(x[:, 3]), full[:, 3], rtol=RTOL, atol=ATOL)
    assert_allclose(dec.prefill(x[:, 4:6]), full[:, 4:6], rtol=RTOL, atol=ATOL)
    assert_allclose(dec.prefill(x[:, 6:10]), full[:, 6:10], rtol=RTOL, atol=ATOL)
    assert dec.cache_length() == 10
    expected_values = attention.split_heads(x @ weights[2], 4)
    assert_allclose(dec.cached_values(), expected_values, rtol=RTOL, atol=ATOL)


def test_failed_step_with_wrong_batch_size_changes_nothing():
    x, weights = random_layer(31, 2, 3, 4)
    full = attention.multi_head_attention(x, *weights, 2)
    dec = attention.Decoder(*weights, 2)
    dec.prefill(x[:, :2])
    with pytest.raises(ValueError):
        dec.step(np.ones((1, 4)))
    with pytest.raises(ValueError):
        dec.prefill(np.ones((3, 2, 4)))
    assert dec.cache_length() == 2
    assert_allclose(dec.step(x[:, 2]), full[:, 2], rtol=RTOL, atol=ATOL)


def test_reset_allows_a_different_batch_size():
    x, weights = random_layer(32, 3, 4, 6)
    dec = attention.Decoder(*weights, 2)
    dec.prefill(x[:1])
    dec.reset()
    full = attention.multi_head_attention(x, *weights, 2)
    for t in range(4):
        assert_allclose(dec.step(x[:, t]), full[:, t], rtol=RTOL, atol=ATOL)


def test_two_decoders_with_same_weights_keep_separate_caches():
    x, weights = random_layer(33, 1, 4, 4)
    y = -x
    first = attention.Decoder(*weights, 2)
    second = attention.Decoder(*weights, 2)
    first.prefill(x[:, :2])
    second.step(y[:, 0])
    assert first.cache_length() == 2
    assert second.cache_length() == 1
    full_x = attention.multi_head_attention(x, *weights, 2)
    full_y = attention.multi_head_attention(y, *weights, 2)
    assert_allclose(first.step(x[:, 2]), full_x[:, 2], rtol=RTOL, atol=ATOL)
    assert_allclose(second.step(y[:, 1]), full_y[:, 1], rtol=RTOL, atol=ATOL)


def test_step_rejects_time_axis_and_prefill_rejects_missing_time_axis():
    x, weights = random_layer(34, 2, 1, 4)
    dec = attention.Decoder(*weights, 2)
    with pytest.raises(ValueError):
        dec.step(x)  # (B, 1, D): step takes (B, D)
    with pytest.raises(ValueError):
        dec.prefill(x[:, 0])  # (B, D): prefill takes (B, T, D)
    assert dec.cache_length() == 0


def test_long_decoding_stays_within_tolerance():
    x, weights = random_layer(35, 1, 64, 16)
    full = attention.multi_head_attention(x, *weights, 4)
    dec = attention.Decoder(*weights, 4)
    outputs = np.stack([dec.step(x[:, t]) for t in range(64)], axis=1)
    assert_allclose(outputs, full, rtol=RTOL, atol=ATOL)
    assert dec.cache_length() == 64
