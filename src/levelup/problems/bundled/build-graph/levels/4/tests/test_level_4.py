import pytest
from build_graph import BuildGraph


def diamond():
    g = BuildGraph()
    g.add_target("app", ["net", "log"], source="main v1")
    g.add_target("net", ["core"], source="net v1")
    g.add_target("log", ["core"], source="log v1")
    g.add_target("core", source="core v1")
    return g


def test_first_build_builds_whole_closure_in_build_order_and_second_nothing():
    g = diamond()
    assert g.build("app") == ["core", "log", "net", "app"]
    assert g.build("app") == []


def test_build_only_builds_out_of_date_targets_of_the_closure():
    g = diamond()
    assert g.build("net") == ["core", "net"]
    assert g.build("app") == ["log", "app"]


def test_changed_source_rebuilds_target_and_its_dependents():
    g = diamond()
    g.build("app")
    g.set_source("core", "core v2")
    assert g.build("app") == ["core", "log", "net", "app"]


def test_changed_source_does_not_rebuild_unaffected_targets():
    g = diamond()
    g.build("app")
    g.set_source("log", "log v2")
    assert g.build("app") == ["log", "app"]


def test_same_text_or_edit_reverted_before_the_next_build_builds_nothing():
    g = diamond()
    g.build("app")
    g.set_source("core", "core v1")
    assert g.build("app") == []
    g.set_source("net", "net v2")
    g.set_source("net", "net v1")
    assert g.build("app") == []


def test_source_given_to_add_target_is_compared_like_any_other():
    g = BuildGraph()
    g.add_target("gen", source="print(1)")
    g.build("gen")
    g.set_source("gen", "")
    assert g.build("gen") == ["gen"]
    g.set_source("gen", "print(1)")
    assert g.build("gen") == ["gen"]
    assert g.add_target("gen", source="other") is False
    assert g.build("gen") == []


def test_affected_is_target_plus_transitive_dependents_sorted():
    g = diamond()
    assert g.affected("core") == ["app", "core", "log", "net"]
    assert g.affected("net") == ["app", "net"]
    assert g.affected("app") == ["app"]


def test_set_source_and_affected_of_unknown_target_raise_key_error():
    g = diamond()
    with pytest.raises(KeyError):
        g.set_source("ghost", "text")
    with pytest.raises(KeyError):
        g.affected("ghost")


def test_rebuild_waves_of_fresh_graph():
    g = diamond()
    assert g.rebuild_waves("app") == [["core"], ["log", "net"], ["app"]]


def test_rebuild_waves_list_only_out_of_date_targets():
    g = diamond()
    g.build("net")
    assert g.rebuild_waves("app") == [["log"], ["app"]]
    g.build("app")
    assert g.rebuild_waves("app") == []


def test_rebuild_waves_use_the_longest_chain_of_out_of_date_deps():
    g = BuildGraph()
    g.add_target("a", ["b", "c"])
    g.add_target("b", ["c"])
    g.add_target("c")
    assert g.rebuild_waves("a") == [["c"], ["b"], ["a"]]


def test_build_with_cycle_raises_value_error():
    g = BuildGraph()
    g.add_target("app", ["x"])
    g.add_target("x", ["y"])
    g.add_target("y", ["x"])
    with pytest.raises(ValueError):
        g.build("app")
