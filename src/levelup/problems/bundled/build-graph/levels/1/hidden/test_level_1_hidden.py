import pytest
from build_graph import BuildGraph


def test_deps_list_is_copied_not_aliased():
    g = BuildGraph()
    deps = ["lib"]
    g.add_target("app", deps)
    deps.append("extra")
    assert g.dependencies("app") == ["lib"]


def test_target_depending_only_on_itself_can_be_removed():
    g = BuildGraph()
    g.add_target("loop", ["loop"])
    assert g.dependencies("loop") == ["loop"]
    assert g.dependents("loop") == ["loop"]
    assert g.remove_target("loop") is True
    assert g.remove_target("loop") is False


def test_removed_target_can_be_added_again_as_new():
    g = BuildGraph()
    g.add_target("lib", ["old"])
    g.remove_target("lib")
    assert g.add_target("lib", ["new"]) is True
    assert g.dependencies("lib") == ["new"]


def test_remove_blocked_by_forward_reference_after_target_added():
    g = BuildGraph()
    g.add_target("app", ["lib"])
    g.add_target("lib")
    assert g.dependents("lib") == ["app"]
    with pytest.raises(ValueError):
        g.remove_target("lib")
    assert g.remove_target("app") is True
    assert g.remove_target("lib") is True


def test_removing_target_leaves_its_dependencies_alone():
    g = BuildGraph()
    g.add_target("utils")
    g.add_target("core", ["utils"])
    g.add_target("lib", ["utils", "core"])
    g.remove_target("lib")
    assert g.dependencies("core") == ["utils"]
    assert g.dependents("utils") == ["core"]
    assert g.dependents("core") == []
