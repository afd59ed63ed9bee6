import numpy as np
import pytest
import quant
from numpy.testing import assert_array_equal


def test_empty_array_raises_value_error():
    with pytest.raises(ValueError):
        quant.absmax_scale(np.array([]))
    with pytest.raises(ValueError):
        quant.quantize_absmax(np.zeros((0, 3)))


def test_all_zero_tensor_quantizes_to_zeros_with_scale_one():
    q, scale = quant.quantize_absmax(np.zeros((3, 2)))
    assert scale == 1.0
    assert q.dtype == np.int8
    assert_array_equal(q, np.zeros((3, 2)))
    assert_array_equal(quant.dequantize(q, scale), np.zeros((3, 2)))


def test_float32_input_is_computed_in_float64():
    x = np.array([0.1, -0.7, 0.3], dtype=np.float32)
    scale = quant.absmax_scale(x)
    assert scale == pytest.approx(float(np.float32(0.7)) / 127, rel=1e-15)
    q, _ = quant.quantize_absmax(x)
    assert_array_equal(q, np.round(x.astype(np.float64) / scale).astype(np.int8))


def test_quantize_int8_rejects_infinite_and_nan_scale():
    with pytest.raises(ValueError):
        quant.quantize_int8(np.array([1.0]), float("inf"))
    with pytest.raises(ValueError):
        quant.quantize_int8(np.array([1.0]), float("nan"))


def test_negative_extreme_maps_to_minus_127_never_minus_128():
    q, scale = quant.quantize_absmax(np.array([-5.0, 5.0, -5.0, 2.6]))
    assert scale == pytest.approx(5.0 / 127, rel=1e-12)
    assert_array_equal(q, [-127, 127, -127, 66])
    assert_array_equal(quant.quantize_int8(np.array([-1e6, -128.0]), 1.0), [-127, -127])


def test_error_bound_holds_on_three_dimensional_data():
    x = np.random.default_rng(11).standard_t(df=3, size=(4, 5, 6)) * 10.0
    q, scale = quant.quantize_absmax(x)
    out = quant.dequantize(q, scale)
    assert q.shape == (4, 5, 6)
    assert out.shape == (4, 5, 6)
    assert np.all(np.abs(x - out) <= scale / 2 * (1 + 1e-9))
