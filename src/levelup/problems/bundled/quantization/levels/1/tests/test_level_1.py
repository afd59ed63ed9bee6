import numpy as np
import pytest
import quant
from numpy.testing import assert_allclose, assert_array_equal

TOL = {"rtol": 1e-9, "atol": 1e-12}


def test_absmax_scale_is_max_magnitude_over_127():
    assert quant.absmax_scale(np.array([1.0, -3.0, 254.0])) == pytest.approx(2.0, rel=1e-12)


def test_absmax_scale_uses_absolute_values_over_all_axes():
    x = np.array([[-254.0, 1.0], [3.0, 0.0]])
    assert quant.absmax_scale(x) == pytest.approx(2.0, rel=1e-12)


def test_absmax_scale_of_all_zero_tensor_is_one():
    assert quant.absmax_scale(np.zeros((2, 3))) == 1.0


def test_quantize_int8_rounds_halves_to_even():
    q = quant.quantize_int8(np.array([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5]), 1.0)
    assert_array_equal(q, [0, 2, 2, 4, 0, -2, -2])


def test_quantize_int8_saturates_at_plus_minus_127():
    q = quant.quantize_int8(np.array([300.0, -300.0, 127.4, -127.6, 1.0]), 1.0)
    assert_array_equal(q, [127, -127, 127, -127, 1])


def test_quantize_int8_returns_int8_of_input_shape():
    x = np.array([[0.0, 1.0, -2.0], [4.0, -8.0, 16.0]])
    q = quant.quantize_int8(x, 0.5)
    assert q.dtype == np.int8
    assert q.shape == (2, 3)
    assert_array_equal(q, [[0, 2, -4], [8, -16, 32]])


def test_quantize_int8_rejects_non_positive_scale():
    with pytest.raises(ValueError):
        quant.quantize_int8(np.array([1.0]), 0.0)
    with pytest.raises(ValueError):
        quant.quantize_int8(np.array([1.0]), -1.0)


def test_quantize_absmax_hand_example():
    q, scale = quant.quantize_absmax(np.array([63.5, -127.0, 0.25, 10.0]))
    assert scale == pytest.approx(1.0, rel=1e-12)
    assert q.dtype == np.int8
    assert_array_equal(q, [64, -127, 0, 10])


def test_quantize_absmax_maps_largest_magnitude_to_127():
    x = np.random.default_rng(0).normal(size=50)
    q, _ = quant.quantize_absmax(x)
    assert int(q[np.argmax(np.abs(x))]) in (127, -127)
    assert int(np.max(np.abs(q.astype(np.int64)))) == 127


def test_dequantize_returns_float64_q_times_scale():
    out = quant.dequantize(np.array([38, -127, 25], dtype=np.int8), 1 / 127)
    assert out.dtype == np.float64
    assert_allclose(out, [38 / 127, -1.0, 25 / 127], **TOL)


def test_round_trip_error_is_at_most_half_a_scale():
    x = np.random.default_rng(1).normal(scale=3.0, size=(16, 32))
    q, scale = quant.quantize_absmax(x)
    err = np.abs(x - quant.dequantize(q, scale))
    assert np.all(err <= scale / 2 * (1 + 1e-9))


def test_quantize_absmax_matches_formula_on_seeded_data():
    x = np.random.default_rng(2).uniform(-5.0, 5.0, size=(4, 25))
    q, scale = quant.quantize_absmax(x)
    expected_scale = np.max(np.abs(x)) / 127
    assert scale == pytest.approx(expected_scale, rel=1e-12)
    assert_array_equal(q, np.clip(np.round(x / expected_scale), -127, 127).astype(np.int8))
