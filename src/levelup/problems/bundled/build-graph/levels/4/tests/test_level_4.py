import pytest
from build_graph import BuildGraph


def diamond():
    g = BuildGraph()
    g.add_target("app", ["net", "log"])
    g.add_target("net", ["core"])
    g.add_target("log", ["core"])
    g.add_target("core")
    return g


def test_first_build_builds_whole_closure_in_build_order():
    g = diamond()
    assert g.build("app") == ["core", "log", "net", "app"]


def test_second_build_builds_nothing():
    g = diamond()
    g.build("app")
    assert g.build("app") == []


def test_build_only_builds_stale_targets_of_the_closure():
    g = diamond()
    assert g.build("net") == ["core", "net"]
    assert g.build("app") == ["log", "app"]


def test_touch_rebuilds_target_and_its_dependents():
    g = diamond()
    g.build("app")
    g.touch("core")
    assert g.build("app") == ["core", "log", "net", "app"]


def test_touch_does_not_rebuild_unaffected_targets():
    g = diamond()
    g.build("app")
    g.touch("log")
    assert g.build("app") == ["log", "app"]


def test_affected_is_target_plus_transitive_dependents_sorted():
    g = diamond()
    assert g.affected("core") == ["app", "core", "log", "net"]
    assert g.affected("net") == ["app", "net"]
    assert g.affected("app") == ["app"]


def test_touch_and_affected_of_unknown_target_raise_key_error():
    g = diamond()
    with pytest.raises(KeyError):
        g.touch("ghost")
    with pytest.raises(KeyError):
        g.affected("ghost")


def test_rebuild_waves_of_fresh_graph():
    g = diamond()
    assert g.rebuild_waves("app") == [["core"], ["log", "net"], ["app"]]


def test_rebuild_waves_list_only_stale_targets():
    g = diamond()
    g.build("net")
    assert g.rebuild_waves("app") == [["log"], ["app"]]


def test_rebuild_waves_use_the_longest_chain_of_stale_deps():
    g = BuildGraph()
    g.add_target("a", ["b", "c"])
    g.add_target("b", ["c"])
    g.add_target("c")
    assert g.rebuild_waves("a") == [["c"], ["b"], ["a"]]


def test_rebuild_waves_empty_when_up_to_date():
    g = diamond()
    g.build("app")
    assert g.rebuild_waves("app") == []


def test_build_with_cycle_raises_value_error():
    g = BuildGraph()
    g.add_target("app", ["x"])
    g.add_target("x", ["y"])
    g.add_target("y", ["x"])
    with pytest.raises(ValueError):
        g.build("app")
