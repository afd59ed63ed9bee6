from lab import add


def test_add():
    assert add(2, 3) == 5


def test_add_in_list():
    assert [add(2, 3)] == [5]
