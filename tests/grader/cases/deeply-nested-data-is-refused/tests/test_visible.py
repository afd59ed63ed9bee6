import lab


def depth(value):
    levels = 0
    while value:
        value = value[0] if isinstance(value, (list, tuple)) else value["a"]
        levels += 1
    return levels


def test_list_nested_100000_deep():
    assert depth(lab.nested_list(100_000)) == 100_000


def test_tuple_nested_100000_deep():
    assert depth(lab.nested_tuple(100_000)) == 100_000


def test_dict_nested_100000_deep():
    assert depth(lab.nested_dict(100_000)) == 100_000


def test_add_returning_a_list_nested_1000_deep():
    assert lab.add(2, 3) == 5


def test_list_nested_1000_deep_compared_with_a_test_value():
    expected = []
    for _ in range(999):
        expected = [expected]
    assert lab.nested_list(1000) == expected
