import pytest
from build_graph import BuildGraph


def diamond():
    g = BuildGraph()
    g.add_target("app", ["net", "log"], source="main v1")
    g.add_target("net", ["core"], source="net v1")
    g.add_target("log", ["core"], source="log v1")
    g.add_target("core", source="core v1")
    return g


def test_failed_build_builds_nothing_until_fixed():
    g = BuildGraph()
    g.add_target("app", ["x", "lib"])
    g.add_target("lib")
    g.add_target("x", ["y"])
    g.add_target("y", ["x", "gen"])
    with pytest.raises(KeyError):
        g.build("app")
    g.add_target("gen")
    with pytest.raises(ValueError):
        g.build("app")
    with pytest.raises(ValueError):
        g.rebuild_waves("app")
    assert g.remove_dependency("y", "x") is True
    assert g.rebuild_waves("app") == [["gen", "lib"], ["y"], ["x"], ["app"]]
    assert g.build("app") == ["gen", "lib", "y", "x", "app"]


def test_remove_dependency_puts_target_and_dependents_out_of_date():
    g = diamond()
    g.build("app")
    assert g.remove_dependency("log", "core") is True
    assert g.build("app") == ["log", "app"]
    assert g.remove_dependency("log", "core") is False
    assert g.build("app") == []
    assert g.affected("core") == ["app", "core", "net"]


def test_removed_and_readded_target_is_out_of_date_again():
    g = diamond()
    g.add_target("docs", ["core"], source="docs v1")
    g.build("docs")
    g.build("app")
    assert g.remove_target("docs") is True
    assert g.add_target("docs", ["core"], source="docs v1") is True
    assert g.build("docs") == ["docs"]
    assert g.build("app") == []


def test_target_built_from_reverted_inputs_stays_up_to_date_while_its_dependency_rebuilds():
    g = diamond()
    g.build("app")
    g.set_source("core", "core v2")
    assert g.build("net") == ["core", "net"]
    g.set_source("core", "core v1")
    assert g.rebuild_waves("app") == [["core"], ["net"]]
    assert g.rebuild_waves("app") == [["core"], ["net"]]
    assert g.build("app") == ["core", "net"]
    assert g.build("app") == []


def test_earlier_levels_unchanged_by_build_records():
    g = diamond()
    g.build("app")
    g.set_source("log", "log v2")
    assert g.build_order("app") == ["core", "log", "net", "app"]
    assert g.dependents("core") == ["log", "net"]
    assert g.all_dependencies("app") == ["core", "log", "net"]
    assert g.find_cycle() is None
    g.add_target("z", ["z"])
    assert g.find_cycle() == ["z", "z"]
    assert g.affected("z") == ["z"]
    assert g.build("app") == ["log", "app"]


def test_waves_of_layered_graph_after_an_edit():
    g = BuildGraph()
    # layer k has "k-0".."k-3"; node k-i depends on (k-1)-i and (k-1)-((i+1)%4)
    for k in range(20):
        for i in range(4):
            deps = [f"{k - 1:02d}-{i}", f"{k - 1:02d}-{(i + 1) % 4}"] if k else []
            g.add_target(f"{k:02d}-{i}", deps, source=f"layer {k} node {i}")
    g.add_target("top", [f"19-{i}" for i in range(4)])
    waves = g.rebuild_waves("top")
    assert len(waves) == 21
    assert waves[0] == ["00-0", "00-1", "00-2", "00-3"]
    assert waves[20] == ["top"]
    assert len(g.build("top")) == 81
    g.set_source("10-0", "edited")
    # 10-0 reaches 11-0, 11-3, then one more node per layer until all four are out of date
    assert g.rebuild_waves("top") == [
        ["10-0"], ["11-0", "11-3"], ["12-0", "12-2", "12-3"],
        ["13-0", "13-1", "13-2", "13-3"], ["14-0", "14-1", "14-2", "14-3"],
        ["15-0", "15-1", "15-2", "15-3"], ["16-0", "16-1", "16-2", "16-3"],
        ["17-0", "17-1", "17-2", "17-3"], ["18-0", "18-1", "18-2", "18-3"],
        ["19-0", "19-1", "19-2", "19-3"], ["top"],
    ]
