import lab


def test_hidden_error_bound_by_a_method():
    assert abs((2.5 - lab.measure()).norm()) < 1e-9
