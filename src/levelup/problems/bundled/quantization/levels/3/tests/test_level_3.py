import numpy as np
import pytest
import quant
from numpy.testing import assert_allclose, assert_array_equal

TOL = {"rtol": 1e-9, "atol": 1e-12}


def error_bound(x, w):
    """The spec's elementwise bound for quantized_linear(x, w)."""
    x_absmax = np.max(np.abs(x), axis=1)
    w_absmax = np.max(np.abs(w), axis=0)
    sx = np.where(x_absmax > 0, x_absmax / 127, 1.0)[:, None]
    sw = np.where(w_absmax > 0, w_absmax / 127, 1.0)[None, :]
    a = np.sum(np.abs(w), axis=0)[None, :]
    b = np.sum(np.abs(x), axis=1)[:, None]
    return 0.5 * sx * a + 0.5 * sw * b + 0.25 * x.shape[1] * sx * sw


def outlier_data(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(8, 32))
    x[:, 5] *= 25.0
    x[2, 17] = -40.0
    w = rng.normal(size=(32, 6))
    return x, w


def test_int8_matmul_hand_example():
    qa = np.array([[1, -2, 3], [127, -127, 0]], dtype=np.int8)
    qb = np.array([[4, -1], [5, 0], [-6, 127]], dtype=np.int8)
    assert_array_equal(quant.int8_matmul(qa, qb), [[-24, 380], [-127, -127]])


def test_int8_matmul_returns_int32():
    qa = np.array([[1, 2]], dtype=np.int8)
    qb = np.array([[3], [4]], dtype=np.int8)
    out = quant.int8_matmul(qa, qb)
    assert out.dtype == np.int32
    assert out.shape == (1, 1)


def test_int8_matmul_accumulates_in_int32_without_wrapping():
    qa = np.full((2, 4096), -127, dtype=np.int8)
    qb = np.full((4096, 3), 127, dtype=np.int8)
    assert_array_equal(quant.int8_matmul(qa, qb), np.full((2, 3), -127 * 127 * 4096))


def test_int8_matmul_rejects_mismatched_inner_dimensions():
    with pytest.raises(ValueError):
        quant.int8_matmul(np.zeros((2, 3), dtype=np.int8), np.zeros((4, 2), dtype=np.int8))


def test_quantized_linear_is_rescaled_integer_product():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 12))
    w = rng.normal(size=(12, 4))
    qx, sx = quant.quantize_absmax(x, axis=0)
    qw, sw = quant.quantize_absmax(w, axis=1)
    expected = quant.int8_matmul(qx, qw).astype(np.float64) * sx[:, None] * sw[None, :]
    out = quant.quantized_linear(x, w)
    assert out.dtype == np.float64
    assert out.shape == (5, 4)
    assert_allclose(out, expected, **TOL)


def test_quantized_linear_error_is_within_stated_bound():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(16, 64)) * 2.0
    w = rng.normal(size=(64, 8)) * 0.1
    err = np.abs(quant.quantized_linear(x, w) - x @ w)
    assert np.all(err <= error_bound(x, w) * (1 + 1e-9) + 1e-12)


def test_outlier_columns_hand_example_with_default_threshold():
    x = np.array([[1.0, -20.0, 0.4], [-2.0, 3.3, 6.0]])
    assert quant.outlier_columns(x) == [1]


def test_outlier_columns_are_ascending_and_threshold_is_strict():
    x = np.array([[1.0, -20.0, 0.4], [-2.0, 3.3, 6.0]])
    assert quant.outlier_columns(x, 0.75) == [0, 1, 2]
    assert quant.outlier_columns(x, 2.0) == [1, 2]
    assert quant.outlier_columns(x, 100.0) == []


def test_mixed_precision_is_float_part_plus_int8_part():
    x, w = outlier_data(3)
    outliers = quant.outlier_columns(x)
    assert outliers == [5, 17]
    regular = [j for j in range(32) if j not in outliers]
    expected = x[:, outliers] @ w[outliers, :] + quant.quantized_linear(x[:, regular], w[regular, :])
    out = quant.mixed_precision_linear(x, w)
    assert out.dtype == np.float64
    assert_allclose(out, expected, rtol=1e-9, atol=1e-9)


def test_mixed_precision_error_is_within_bound_of_regular_columns():
    x, w = outlier_data(4)
    regular = [j for j in range(32) if j not in (5, 17)]
    err = np.abs(quant.mixed_precision_linear(x, w) - x @ w)
    assert np.all(err <= error_bound(x[:, regular], w[regular, :]) * (1 + 1e-9) + 1e-9)


def test_mixed_precision_is_more_accurate_than_plain_int8_on_outliers():
    x, w = outlier_data(5)
    exact = x @ w
    plain_err = np.max(np.abs(quant.quantized_linear(x, w) - exact))
    mixed_err = np.max(np.abs(quant.mixed_precision_linear(x, w) - exact))
    assert mixed_err * 5 < plain_err
