import lab
import numpy as np
from numpy.testing import assert_allclose


def test_float_array_round_trip():
    x = np.random.default_rng(0).standard_normal((3, 4))
    result = lab.scale(x, 2.0)
    assert result.shape == (3, 4) and result.dtype == np.float64
    assert_allclose(result, 2 * x)


def test_zero_dimensional_result_keeps_its_shape():
    result = lab.total(np.ones((2, 2), dtype=np.float32))
    assert float(result) == 4.0


def test_dtype_is_preserved():
    result = lab.as_int8([1, -2, 3])
    assert result.dtype == np.int8
    assert result.tolist() == [1, -2, 3]
