import pytest
from build_graph import BuildGraph


def test_find_cycle_returns_none_for_diamond():
    g = BuildGraph()
    g.add_target("app", ["net", "log"])
    g.add_target("net", ["core"])
    g.add_target("log", ["core"])
    g.add_target("core")
    assert g.find_cycle() is None


def test_find_cycle_on_empty_graph_is_none():
    assert BuildGraph().find_cycle() is None


def test_self_dependency_is_a_cycle_of_one():
    g = BuildGraph()
    g.add_target("self", ["self"])
    assert g.find_cycle() == ["self", "self"]


def test_three_cycle_starts_and_ends_at_smallest_name():
    g = BuildGraph()
    g.add_target("c", ["a"])
    g.add_target("a", ["b"])
    g.add_target("b", ["c"])
    assert g.find_cycle() == ["a", "b", "c", "a"]


def test_cycle_below_root_is_rotated_to_smallest_name():
    g = BuildGraph()
    g.add_target("main", ["x"])
    g.add_target("x", ["p"])
    g.add_target("p", ["x"])
    assert g.find_cycle() == ["p", "x", "p"]


def test_dependencies_are_explored_in_ascending_order():
    g = BuildGraph()
    g.add_target("a", ["c", "b"])
    g.add_target("b", ["a"])
    g.add_target("c", ["d"])
    g.add_target("d", ["c"])
    assert g.find_cycle() == ["a", "b", "a"]


def test_roots_are_taken_in_ascending_order():
    g = BuildGraph()
    g.add_target("a", ["z"])
    g.add_target("z", ["y"])
    g.add_target("y", ["z"])
    g.add_target("b", ["c"])
    g.add_target("c", ["b"])
    # the search from root "a" finds y <-> z before root "b" is tried
    assert g.find_cycle() == ["y", "z", "y"]


def test_missing_dependencies_are_ignored_by_find_cycle():
    g = BuildGraph()
    g.add_target("app", ["ghost", "lib"])
    g.add_target("lib", ["phantom"])
    assert g.find_cycle() is None


def test_build_order_raises_value_error_naming_the_cycle():
    g = BuildGraph()
    g.add_target("a", ["c", "b"])
    g.add_target("b", ["a"])
    g.add_target("c", ["d"])
    g.add_target("d", ["c"])
    with pytest.raises(ValueError) as excinfo:
        g.build_order("c")
    assert "c -> d -> c" in str(excinfo.value)


def test_missing_name_is_reported_before_cycle():
    g = BuildGraph()
    g.add_target("main", ["x"])
    g.add_target("x", ["p"])
    g.add_target("p", ["x", "ghost"])
    with pytest.raises(KeyError):
        g.build_order("main")


def test_remove_dependency_breaks_the_cycle():
    g = BuildGraph()
    g.add_target("main", ["x"])
    g.add_target("x", ["p"])
    g.add_target("p", ["x"])
    assert g.remove_dependency("p", "x") is True
    assert g.remove_dependency("p", "x") is False
    assert g.find_cycle() is None
    assert g.build_order("main") == ["p", "x", "main"]


def test_all_dependencies_work_on_a_cycle():
    g = BuildGraph()
    g.add_target("a", ["b"])
    g.add_target("b", ["c"])
    g.add_target("c", ["a"])
    assert g.all_dependencies("a") == ["b", "c"]
