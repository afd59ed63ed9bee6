import numpy as np
import pytest
import quant
from numpy.testing import assert_allclose, assert_array_equal


def test_outlier_at_exact_threshold_is_not_selected_but_negative_outlier_is():
    x = np.array([[6.0, 0.0, -6.5, 1.0], [-6.0, 6.000001, 0.0, 2.0]])
    assert quant.outlier_columns(x) == [1, 2]
    assert quant.outlier_columns(x, 1.0) == [0, 1, 2, 3]
    assert all(isinstance(j, int) for j in quant.outlier_columns(x))


def test_mixed_with_every_column_outlier_equals_float_matmul():
    rng = np.random.default_rng(6)
    x = rng.normal(size=(4, 10))
    w = rng.normal(size=(10, 3))
    assert quant.outlier_columns(x, 0.0) == list(range(10))
    assert_allclose(quant.mixed_precision_linear(x, w, 0.0), x @ w, rtol=1e-9, atol=1e-12)


def test_mixed_without_outliers_equals_quantized_linear():
    rng = np.random.default_rng(7)
    x = rng.uniform(-5.0, 5.0, size=(6, 20))
    w = rng.normal(size=(20, 5))
    assert quant.outlier_columns(x) == []
    assert_allclose(quant.mixed_precision_linear(x, w), quant.quantized_linear(x, w), rtol=1e-9, atol=1e-12)


def test_int8_matmul_matches_exact_integer_product_on_random_codes():
    rng = np.random.default_rng(8)
    qa = rng.integers(-127, 128, size=(24, 3000)).astype(np.int8)
    qb = rng.integers(-127, 128, size=(3000, 16)).astype(np.int8)
    out = quant.int8_matmul(qa, qb)
    assert out.dtype == np.int32
    assert_array_equal(out, qa.astype(np.int64) @ qb.astype(np.int64))


def test_quantized_linear_zero_row_gives_zero_output_row():
    rng = np.random.default_rng(9)
    x = rng.normal(size=(3, 8))
    x[1] = 0.0
    w = rng.normal(size=(8, 4))
    out = quant.quantized_linear(x, w)
    assert_array_equal(out[1], np.zeros(4))
    assert np.all(np.isfinite(out))


def test_linear_functions_reject_mismatched_shapes():
    x = np.ones((2, 3))
    w = np.ones((4, 2))
    with pytest.raises(ValueError):
        quant.quantized_linear(x, w)
    with pytest.raises(ValueError):
        quant.mixed_precision_linear(x, w)
