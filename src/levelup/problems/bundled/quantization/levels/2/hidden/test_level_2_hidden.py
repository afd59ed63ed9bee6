import numpy as np
import pytest
import quant
from numpy.testing import assert_allclose, assert_array_equal


def test_all_zero_channel_gets_scale_one_and_zero_codes():
    x = np.array([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5]])
    q, scales = quant.quantize_absmax(x, axis=0)
    assert_allclose(scales, [1.0, 2.0 / 127], rtol=1e-12)
    assert_array_equal(q[0], [0, 0, 0])
    q, scales = quant.quantize_absmax(x, axis=1)
    assert_allclose(scales, [1.0 / 127, 2.0 / 127, 0.5 / 127], rtol=1e-12)
    assert_array_equal(q[:, 1], [0, -127])


def test_one_large_row_does_not_coarsen_other_rows():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(5, 16))
    x[2] *= 1000.0
    q, scales = quant.quantize_absmax(x, axis=0)
    for i in (0, 1, 3, 4):
        row_q, row_scale = quant.quantize_absmax(x[i])
        assert scales[i] == pytest.approx(row_scale, rel=1e-12)
        assert_array_equal(q[i], row_q)


def test_dequantize_per_channel_rejects_scales_of_wrong_length():
    q = np.zeros((2, 3), dtype=np.int8)
    with pytest.raises(ValueError):
        quant.dequantize(q, np.ones(3), axis=0)
    with pytest.raises(ValueError):
        quant.dequantize(q, np.ones(2), axis=1)


def test_asymmetric_all_positive_range_is_widened_to_include_zero():
    q, scale, zero_point = quant.quantize_asymmetric(np.array([10.0, 255.0]))
    assert scale == pytest.approx(1.0, rel=1e-12)
    assert zero_point == 0
    assert_array_equal(q, [10, 255])


def test_asymmetric_all_negative_data_has_zero_point_255():
    q, scale, zero_point = quant.quantize_asymmetric(np.array([-255.0, -5.0]))
    assert scale == pytest.approx(1.0, rel=1e-12)
    assert zero_point == 255
    assert_array_equal(q, [0, 250])
    assert_allclose(quant.dequantize_asymmetric(q, scale, zero_point), [-255.0, -5.0], rtol=1e-12)


def test_asymmetric_all_zero_input_uses_scale_one_and_zero_point_zero():
    q, scale, zero_point = quant.quantize_asymmetric(np.zeros((2, 2)))
    assert scale == 1.0
    assert zero_point == 0
    assert_array_equal(q, np.zeros((2, 2)))
    with pytest.raises(ValueError):
        quant.quantize_asymmetric(np.array([]))
