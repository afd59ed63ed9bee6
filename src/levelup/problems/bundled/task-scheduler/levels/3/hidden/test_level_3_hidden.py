import pytest
from task_scheduler import TaskScheduler


def test_equally_short_cycles_are_broken_by_the_smallest_ids():
    s = TaskScheduler()
    s.add_job("a", 1)
    s.add_job("c", 1, ["a"])
    s.add_job("b", 1, ["a"])
    s.add_job("z", 1, ["c", "b"])
    assert s.add_dependency("a", "z") == ["a", "z", "b", "a"]


def test_add_dependency_to_a_done_job_or_on_a_cancelled_job_raises_value_error():
    s = TaskScheduler()
    s.add_job("done", 5)
    s.add_job("doomed", 1)
    s.add_job("waiting", 1)
    s.run_next()
    s.cancel("doomed")
    with pytest.raises(ValueError):
        s.add_dependency("done", "waiting")
    with pytest.raises(ValueError):
        s.add_dependency("doomed", "waiting")
    with pytest.raises(ValueError):
        s.add_dependency("waiting", "doomed")
    assert s.execution_order() == ["waiting"]


def test_dependency_on_a_done_job_is_accepted_and_repeats_are_harmless():
    s = TaskScheduler()
    s.add_job("fetch", 3)
    s.add_job("parse", 2)
    s.run_next()
    assert s.add_dependency("parse", "fetch") is None
    assert s.add_dependency("parse", "fetch") is None
    assert s.run_next() == "parse"


def test_cancel_lists_only_jobs_cancelled_by_this_call():
    s = TaskScheduler()
    s.add_job("a", 1)
    s.add_job("b", 1, ["a"])
    s.add_job("c", 1, ["b"])
    s.add_job("d", 1)
    assert s.cancel("b") == ["b", "c"]
    assert s.cancel("a") == ["a"]
    assert s.cancel("c") == []
    assert s.pending() == ["d"]
    with pytest.raises(KeyError):
        s.cancel("missing")


def test_cancel_follows_dependencies_added_later():
    s = TaskScheduler()
    s.add_job("a", 1)
    s.add_job("b", 1)
    s.add_job("c", 1, ["b"])
    s.add_dependency("b", "a")
    assert s.cancel("a") == ["a", "b", "c"]


def test_cycle_detection_and_cancel_handle_long_chains():
    n = 3000
    s = TaskScheduler()
    s.add_job("job0", 1)
    for i in range(1, n):
        s.add_job(f"job{i}", 1, [f"job{i - 1}"])
    cycle = s.add_dependency("job0", f"job{n - 1}")
    assert cycle == ["job0"] + [f"job{i}" for i in range(n - 1, -1, -1)]
    assert s.execution_order()[-1] == f"job{n - 1}"
    assert len(s.cancel("job0")) == n
