import lab


def test_attributes_and_methods_work():
    point = lab.make_point(1, 2).moved(2)
    assert (point.x, point.y) == (3, 2)


def test_operators_and_str_work():
    total = lab.make_point(1, 2) + lab.make_point(3, 4)
    assert str(total) == "(4, 6)"


def test_generators_iterate():
    assert list(lab.numbers(4)) == [0, 1, 4, 9]


def test_a_handle_never_equals_plain_data():
    assert lab.make_point(1, 2) == {"x": 1, "y": 2}


def test_setting_an_attribute_reaches_the_object():
    point = lab.make_point(1, 2)
    point.x = 10
    assert point.moved(1).x == 11
