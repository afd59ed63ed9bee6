import pytest
from build_graph import BuildGraph


def test_missing_dependency_deep_in_closure_raises_key_error():
    g = BuildGraph()
    g.add_target("app", ["lib"])
    g.add_target("lib", ["core"])
    g.add_target("core", ["gen"])
    with pytest.raises(KeyError):
        g.build_order("app")
    with pytest.raises(KeyError):
        g.all_dependencies("app")
    g.add_target("gen")
    assert g.build_order("app") == ["gen", "core", "lib", "app"]


def test_build_order_ignores_broken_unrelated_targets():
    g = BuildGraph()
    g.add_target("lib")
    g.add_target("app", ["lib"])
    g.add_target("broken", ["ghost"])
    assert g.build_order("app") == ["lib", "app"]


def test_build_order_after_remove_and_readd():
    g = BuildGraph()
    g.add_target("app", ["lib"])
    g.add_target("lib", ["old"])
    g.add_target("old")
    g.add_target("new")
    g.remove_target("app")
    g.remove_target("lib")
    g.add_target("lib", ["new"])
    g.add_target("app", ["lib"])
    assert g.build_order("app") == ["new", "lib", "app"]
    assert g.all_dependencies("app") == ["lib", "new"]


def test_build_order_of_long_layered_graph():
    g = BuildGraph()
    # layer k has nodes "k-0".."k-4"; each node depends on every node of the layer below
    layers = 40
    for k in range(layers):
        below = [f"{k - 1:02d}-{i}" for i in range(5)] if k else []
        for i in range(5):
            g.add_target(f"{k:02d}-{i}", below)
    g.add_target("top", [f"{layers - 1:02d}-{i}" for i in range(5)])
    order = g.build_order("top")
    expected = [f"{k:02d}-{i}" for k in range(layers) for i in range(5)] + ["top"]
    assert order == expected
    assert len(g.all_dependencies("top")) == layers * 5


def test_build_order_tie_break_uses_string_order():
    g = BuildGraph()
    g.add_target("t", ["b", "B", "a10", "a9"])
    for name in ["b", "B", "a10", "a9"]:
        g.add_target(name)
    assert g.build_order("t") == ["B", "a10", "a9", "b", "t"]
