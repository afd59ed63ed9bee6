import lab


def test_explode():
    assert lab.explode() == 5


def test_explode_with_many_lines():
    assert lab.explode_with_many_lines() == 5


def test_explode_with_a_huge_class_name():
    assert lab.explode_with_a_huge_class_name() == 5


def test_explode_unprintably():
    assert lab.explode_unprintably() == 5


def test_explode_with_huge_arguments():
    assert lab.explode_with_huge_arguments() == 5
