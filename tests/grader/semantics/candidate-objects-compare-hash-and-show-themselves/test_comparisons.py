from lab import Clock, Point, Tree


def test_equal_objects_of_the_candidate_compare_equal():
    assert Clock(24, 0) == Clock(0, 0)
    assert Clock(1, 0) != Clock(2, 0)
    assert Point(1, 2) == Point(1, 2)


def test_ordering_and_sorting():
    assert Clock(1, 0) < Clock(2, 0)
    assert sorted([Clock(3, 0), Clock(1, 0)]) == [Clock(1, 0), Clock(3, 0)]


def test_hashing_in_sets_and_dict_keys():
    assert len({Clock(1, 0), Clock(25, 0)}) == 1
    assert {Point(0, 0): "origin"}[Point(0, 0)] == "origin"


def test_repr_and_str_come_from_the_candidate():
    assert repr(Clock(6, 45)) == "Clock(6, 45)"
    assert str(Clock(6, 45)) == "06:45"
    assert f"{Clock(6, 5)}" == "06:05"
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"


def test_objects_nested_in_arguments_are_passed_back():
    tree = Tree("p", [Tree("a"), Tree("b")])
    assert tree.size() == 3
    assert tree == Tree("p", [Tree("a"), Tree("b")])


def test_a_candidate_object_never_equals_a_plain_value():
    assert Clock(1, 0) != (1, 0)
    assert Point(1, 2) != {"x": 1, "y": 2}
