import pytest
from build_graph import BuildGraph


def diamond():
    g = BuildGraph()
    g.add_target("app", ["net", "log"])
    g.add_target("net", ["core"])
    g.add_target("log", ["core"])
    g.add_target("core")
    g.add_target("docs")
    return g


def test_all_dependencies_are_transitive_and_sorted():
    g = diamond()
    assert g.all_dependencies("app") == ["core", "log", "net"]
    assert g.all_dependencies("net") == ["core"]


def test_all_dependencies_of_leaf_is_empty():
    g = diamond()
    assert g.all_dependencies("core") == []


def test_build_order_of_diamond():
    g = diamond()
    assert g.build_order("app") == ["core", "log", "net", "app"]


def test_build_order_of_target_without_deps_is_itself():
    g = diamond()
    assert g.build_order("docs") == ["docs"]


def test_build_order_lists_only_the_closure():
    g = diamond()
    assert g.build_order("net") == ["core", "net"]


def test_build_order_takes_smallest_ready_name():
    g = BuildGraph()
    g.add_target("main", ["zip", "beta"])
    g.add_target("zip", ["alpha"])
    g.add_target("alpha")
    g.add_target("beta")
    assert g.build_order("main") == ["alpha", "beta", "zip", "main"]


def test_build_order_prefers_newly_ready_smaller_name():
    g = BuildGraph()
    g.add_target("top", ["c1", "z"])
    g.add_target("c1", ["b1"])
    g.add_target("b1")
    g.add_target("z")
    # after "b1", "c1" is ready and smaller than "z"
    assert g.build_order("top") == ["b1", "c1", "z", "top"]


def test_build_order_of_unknown_target_raises_key_error():
    g = diamond()
    with pytest.raises(KeyError):
        g.build_order("nothing")


def test_build_order_with_missing_dependency_raises_key_error():
    g = diamond()
    g.add_target("tool", ["gen"])
    with pytest.raises(KeyError):
        g.build_order("tool")


def test_all_dependencies_with_missing_dependency_raises_key_error():
    g = diamond()
    g.add_target("tool", ["gen"])
    with pytest.raises(KeyError):
        g.all_dependencies("tool")
