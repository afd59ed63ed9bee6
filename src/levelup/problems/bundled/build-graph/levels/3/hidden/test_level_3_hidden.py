import pytest
from build_graph import BuildGraph


def test_build_order_searches_from_target_only():
    g = BuildGraph()
    g.add_target("a", ["b"])
    g.add_target("b", ["a"])
    g.add_target("t", ["n", "m"])
    g.add_target("m", ["m2"])
    g.add_target("m2", ["m"])
    g.add_target("n", ["n"])
    assert g.find_cycle() == ["a", "b", "a"]
    with pytest.raises(ValueError) as excinfo:
        g.build_order("t")
    assert "m -> m2 -> m" in str(excinfo.value)


def test_finished_targets_reached_again_are_not_cycles():
    g = BuildGraph()
    # every node depends on every node with a larger index: many shared, finished targets
    names = [f"n{i:02d}" for i in range(30)]
    for i, name in enumerate(names):
        g.add_target(name, names[i + 1:])
    assert g.find_cycle() is None
    assert g.build_order("n00") == list(reversed(names))


def test_long_cycle_is_reported_in_full():
    g = BuildGraph()
    names = [f"t{i:03d}" for i in range(200)]
    for i, name in enumerate(names):
        g.add_target(name, [names[(i + 1) % 200]])
    g.add_target("entry", ["t150"])
    assert g.find_cycle() == names + ["t000"]
    with pytest.raises(ValueError) as excinfo:
        g.build_order("entry")
    assert " -> ".join(names[:3]) in str(excinfo.value)


def test_self_dependency_blocks_build_order():
    g = BuildGraph()
    g.add_target("app", ["gen"])
    g.add_target("gen", ["gen"])
    with pytest.raises(ValueError) as excinfo:
        g.build_order("app")
    assert "gen -> gen" in str(excinfo.value)
    assert g.all_dependencies("gen") == []
    assert g.remove_dependency("gen", "gen") is True
    assert g.build_order("app") == ["gen", "app"]


def test_remove_dependency_of_unknown_target_raises_key_error():
    g = BuildGraph()
    g.add_target("app", ["lib"])
    with pytest.raises(KeyError):
        g.remove_dependency("lib", "app")
    assert g.remove_dependency("app", "lib") is True
    assert g.dependencies("app") == []


def test_unrelated_cycle_does_not_block_build_order():
    g = BuildGraph()
    g.add_target("a", ["b"])
    g.add_target("b", ["a"])
    g.add_target("app", ["lib"])
    g.add_target("lib")
    assert g.build_order("app") == ["lib", "app"]
