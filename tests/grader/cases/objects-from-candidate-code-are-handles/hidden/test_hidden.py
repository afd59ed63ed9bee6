import lab


def test_hidden_same_object_is_identical():
    point = lab.make_point(0, 0)
    assert point is not None
