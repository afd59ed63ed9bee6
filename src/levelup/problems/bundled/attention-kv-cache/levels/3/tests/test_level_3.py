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


def test_causal_mask_with_offset_puts_queries_at_the_end():
    assert attention.causal_mask(2, 4).tolist() == [
        [True, True, True, False],
        [True, True, True, True],
    ]
    assert attention.causal_mask(1, 3).tolist() == [[True, True, True]]


def test_causal_mask_without_t_k_is_unchanged():
    expected = [[True, False, False], [True, True, False], [True, True, True]]
    assert attention.causal_mask(3).tolist() == expected
    assert attention.causal_mask(3, 3).tolist() == expected


def test_causal_mask_rejects_more_queries_than_keys():
    with pytest.raises(ValueError):
        attention.causal_mask(3, 2)


def test_new_decoder_has_empty_cache():
    _, weights = random_layer(0, 1, 1, 4)
    dec = attention.Decoder(*weights, 2)
    assert dec.cache_length() == 0
    assert dec.cached_keys() is None
    assert dec.cached_values() is None


def test_step_returns_batch_by_width_and_grows_cache():
    x, weights = random_layer(1, 3, 2, 8)
    dec = attention.Decoder(*weights, 4)
    assert dec.step(x[:, 0]).shape == (3, 8)
    assert dec.cache_length() == 1
    dec.step(x[:, 1])
    assert dec.cache_length() == 2


def test_first_step_output_is_its_own_projected_value():
    x, (w_q, w_k, w_v, w_o) = random_layer(2, 2, 1, 6)
    dec = attention.Decoder(w_q, w_k, w_v, w_o, 3)
    assert_allclose(dec.step(x[:, 0]), x[:, 0] @ w_v @ w_o, rtol=RTOL, atol=ATOL)


def test_steps_match_full_causal_recomputation():
    x, weights = random_layer(3, 2, 7, 8)
    full = attention.multi_head_attention(x, *weights, 2)
    dec = attention.Decoder(*weights, 2)
    for t in range(7):
        assert_allclose(dec.step(x[:, t]), full[:, t], rtol=RTOL, atol=ATOL)


def test_prefill_matches_full_causal_recomputation():
    x, weights = random_layer(4, 2, 5, 8)
    dec = attention.Decoder(*weights, 4)
    expected = attention.multi_head_attention(x, *weights, 4)
    assert_allclose(dec.prefill(x), expected, rtol=RTOL, atol=ATOL)
    assert dec.cache_length() == 5


def test_prefill_then_steps_match_full_recomputation():
    x, weights = random_layer(5, 1, 6, 4)
    full = attention.multi_head_attention(x, *weights, 2)
    dec = attention.Decoder(*weights, 2)
    assert_allclose(dec.prefill(x[:, :3]), full[:, :3], rtol=RTOL, atol=ATOL)
    for t in range(3, 6):
        assert_allclose(dec.step(x[:, t]), full[:, t], rtol=RTOL, atol=ATOL)


def test_cached_keys_and_values_are_split_projections_of_seen_tokens():
    x, (w_q, w_k, w_v, w_o) = random_layer(6, 2, 4, 6)
    dec = attention.Decoder(w_q, w_k, w_v, w_o, 3)
    dec.prefill(x[:, :3])
    dec.step(x[:, 3])
    keys, values = dec.cached_keys(), dec.cached_values()
    assert keys.shape == (2, 3, 4, 2)
    assert_allclose(keys, attention.split_heads(x @ w_k, 3), rtol=RTOL, atol=ATOL)
    assert_allclose(values, attention.split_heads(x @ w_v, 3), rtol=RTOL, atol=ATOL)


def test_reset_empties_cache_and_starts_fresh():
    x, weights = random_layer(7, 1, 3, 4)
    dec = attention.Decoder(*weights, 1)
    dec.prefill(x)
    dec.reset()
    assert dec.cache_length() == 0
    assert dec.cached_keys() is None
    full = attention.multi_head_attention(x, *weights, 1)
    assert_allclose(dec.step(x[:, 0]), full[:, 0], rtol=RTOL, atol=ATOL)
    assert_allclose(dec.step(x[:, 1]), full[:, 1], rtol=RTOL, atol=ATOL)


def test_step_with_different_batch_size_raises_value_error():
    x, weights = random_layer(8, 2, 2, 4)
    dec = attention.Decoder(*weights, 2)
    dec.step(x[:, 0])
    with pytest.raises(ValueError):
        dec.step(np.zeros((3, 4)))


def test_decoder_rejects_width_not_divisible_by_heads():
    _, weights = random_layer(9, 1, 1, 6)
    with pytest.raises(ValueError):
        attention.Decoder(*weights, 4)
