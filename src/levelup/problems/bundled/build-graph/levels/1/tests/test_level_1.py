import pytest
from build_graph import BuildGraph


def test_add_target_returns_true_for_new_target():
    g = BuildGraph()
    assert g.add_target("app", ["lib"]) is True
    assert g.add_target("lib") is True


def test_add_existing_target_returns_false_and_keeps_deps():
    g = BuildGraph()
    g.add_target("lib", ["utils"])
    assert g.add_target("lib", ["other"]) is False
    assert g.dependencies("lib") == ["utils"]


def test_dependencies_are_sorted_without_repeats():
    g = BuildGraph()
    g.add_target("app", ["zlib", "core", "zlib", "http"])
    assert g.dependencies("app") == ["core", "http", "zlib"]


def test_target_without_deps_has_empty_dependencies():
    g = BuildGraph()
    g.add_target("utils")
    g.add_target("core", None)
    assert g.dependencies("utils") == []
    assert g.dependencies("core") == []


def test_dependencies_include_forward_references():
    g = BuildGraph()
    g.add_target("app", ["lib"])
    assert g.dependencies("app") == ["lib"]


def test_dependencies_of_unknown_target_raise_key_error():
    g = BuildGraph()
    with pytest.raises(KeyError):
        g.dependencies("ghost")


def test_dependents_are_sorted_direct_users():
    g = BuildGraph()
    g.add_target("utils")
    g.add_target("lib", ["utils"])
    g.add_target("app", ["lib", "utils"])
    g.add_target("cli", ["lib"])
    assert g.dependents("utils") == ["app", "lib"]
    assert g.dependents("lib") == ["app", "cli"]
    assert g.dependents("app") == []


def test_dependents_of_forward_reference_raise_key_error():
    g = BuildGraph()
    g.add_target("app", ["lib"])
    with pytest.raises(KeyError):
        g.dependents("lib")


def test_remove_target_then_it_is_gone():
    g = BuildGraph()
    g.add_target("utils")
    g.add_target("lib", ["utils"])
    assert g.remove_target("lib") is True
    assert g.dependents("utils") == []
    with pytest.raises(KeyError):
        g.dependencies("lib")


def test_remove_unknown_target_returns_false():
    g = BuildGraph()
    assert g.remove_target("ghost") is False


def test_remove_target_with_dependents_raises_value_error():
    g = BuildGraph()
    g.add_target("utils")
    g.add_target("lib", ["utils"])
    with pytest.raises(ValueError):
        g.remove_target("utils")
    assert g.dependents("utils") == ["lib"]
