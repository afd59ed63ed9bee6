import numpy as np

import lab


def test_hidden_error_bound():
    actual = lab.dequantize(np.array([2, 2, 2]), 0.25)
    assert np.abs(np.array([0.5, 0.5, 0.5]) - actual).max() < 1e-9
