import lab


def test_add_returning_a_tuple_nested_250_deep():
    assert lab.add(2, 3) == 5


def test_send_a_deeply_nested_reply():
    assert lab.send_a_deeply_nested_reply() == 5
