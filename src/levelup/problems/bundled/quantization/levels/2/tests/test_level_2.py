import numpy as np
import pytest
import quant
from numpy.testing import assert_allclose, assert_array_equal

TOL = {"rtol": 1e-9, "atol": 1e-12}

X = np.array([
    [254.0, -100.0, 3.0],
    [10.0, -127.0, 0.4],
    [63.5, 2.25, -1.25],
])


def test_axis_0_gives_one_scale_per_row():
    q, scales = quant.quantize_absmax(X, axis=0)
    assert scales.shape == (3,)
    assert scales.dtype == np.float64
    assert_allclose(scales, [2.0, 1.0, 0.5], **TOL)
    assert q.dtype == np.int8
    assert_array_equal(q, [[127, -50, 2], [10, -127, 0], [127, 4, -2]])


def test_axis_1_gives_one_scale_per_column():
    q, scales = quant.quantize_absmax(X, axis=1)
    assert scales.shape == (3,)
    assert_allclose(scales, [2.0, 1.0, 3.0 / 127], **TOL)
    assert_array_equal(q, [[127, -100, 127], [5, -127, 17], [32, 2, -53]])


def test_absmax_scale_per_channel_of_three_dimensional_data_and_negative_axis():
    x = np.random.default_rng(0).normal(size=(4, 5, 6))
    scales = quant.absmax_scale(x, axis=1)
    assert scales.shape == (5,)
    assert scales.dtype == np.float64
    assert_allclose(scales, np.max(np.abs(x), axis=(0, 2)) / 127, **TOL)
    assert_allclose(quant.absmax_scale(x, axis=-1), np.max(np.abs(x), axis=(0, 1)) / 127, **TOL)


def test_quantize_int8_uses_each_channels_given_scale():
    x = np.array([[1.0, -3.0, 5.0], [1.0, -3.0, 5.0]])
    q = quant.quantize_int8(x, np.array([1.0, 2.0]), axis=0)
    assert q.dtype == np.int8
    assert_array_equal(q, [[1, -3, 5], [0, -2, 2]])  # row 1: 0.5 -> 0, -1.5 -> -2, 2.5 -> 2


def test_dequantize_multiplies_by_row_or_column_scale():
    q = np.array([[1, -2], [3, 4]], dtype=np.int8)
    scales = np.array([0.5, 2.0])
    rows = quant.dequantize(q, scales, axis=0)
    cols = quant.dequantize(q, scales, axis=1)
    assert rows.dtype == np.float64
    assert_allclose(rows, [[0.5, -1.0], [6.0, 8.0]], **TOL)
    assert_allclose(cols, [[0.5, -4.0], [1.5, 8.0]], **TOL)


def test_per_channel_error_is_within_half_of_own_channel_scale():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 20)) * rng.uniform(0.01, 100.0, size=(6, 1))
    q, scales = quant.quantize_absmax(x, axis=0)
    err = np.abs(x - quant.dequantize(q, scales, axis=0))
    assert np.all(err <= scales[:, None] / 2 * (1 + 1e-9))


def test_per_channel_rejects_bad_axis_and_bad_scales():
    with pytest.raises(ValueError):
        quant.quantize_absmax(X, axis=2)
    with pytest.raises(ValueError):
        quant.absmax_scale(np.array([1.0, 2.0]), axis=-2)
    with pytest.raises(ValueError):
        quant.quantize_int8(np.ones((2, 3)), np.array([1.0, 0.0]), axis=0)
    with pytest.raises(ValueError):
        quant.quantize_int8(np.ones((2, 3)), np.array([1.0, np.nan]), axis=0)


def test_asymmetric_hand_example():
    q, scale, zero_point = quant.quantize_asymmetric(np.array([-51.0, 0.0, 25.0, 204.0]))
    assert scale == pytest.approx(1.0, rel=1e-12)
    assert zero_point == 51
    assert_array_equal(q, [0, 51, 76, 255])


def test_asymmetric_returns_uint8_and_int_zero_point():
    x = np.random.default_rng(2).normal(size=(3, 4))
    q, scale, zero_point = quant.quantize_asymmetric(x)
    assert q.dtype == np.uint8
    assert q.shape == (3, 4)
    assert isinstance(zero_point, int)
    assert isinstance(scale, float)


def test_asymmetric_matches_formula_on_seeded_data():
    x = np.random.default_rng(3).uniform(-1.0, 3.0, size=40)
    q, scale, zero_point = quant.quantize_asymmetric(x)
    low, high = min(x.min(), 0.0), max(x.max(), 0.0)
    expected_scale = (high - low) / 255
    expected_zero_point = int(np.clip(np.round(-low / expected_scale), 0, 255))
    assert scale == pytest.approx(expected_scale, rel=1e-12)
    assert zero_point == expected_zero_point
    expected_q = np.clip(np.round(x / expected_scale) + expected_zero_point, 0, 255)
    assert_array_equal(q, expected_q.astype(np.uint8))


def test_asymmetric_zero_is_exactly_representable():
    x = np.array([-0.3, 0.0, 1.7, 0.0, 2.9])
    q, scale, zero_point = quant.quantize_asymmetric(x)
    assert int(q[1]) == zero_point
    out = quant.dequantize_asymmetric(q, scale, zero_point)
    assert out[1] == 0.0
    assert out[3] == 0.0


def test_dequantize_asymmetric_subtracts_zero_point_without_wrapping():
    out = quant.dequantize_asymmetric(np.array([0, 51, 255], dtype=np.uint8), 0.5, 51)
    assert out.dtype == np.float64
    assert_allclose(out, [-25.5, 0.0, 102.0], **TOL)


def test_asymmetric_error_is_within_half_a_scale():
    x = np.random.default_rng(4).gamma(2.0, size=(8, 8)) - 0.5
    q, scale, zero_point = quant.quantize_asymmetric(x)
    err = np.abs(x - quant.dequantize_asymmetric(q, scale, zero_point))
    assert np.all(err <= scale / 2 * (1 + 1e-9))
