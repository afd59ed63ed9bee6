import lab
import numpy as np


def test_hidden_transposed_input():
    x = np.arange(6.0).reshape(2, 3).T
    assert lab.scale(x, 1.0).tolist() == x.tolist()
