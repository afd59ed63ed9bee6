import lab


def test_hidden_difference():
    assert abs(2.0 - lab.dequantize()) < 1e-9
