import pytest
from task_scheduler import TaskScheduler


def pipeline():
    s = TaskScheduler()
    s.add_job("fetch", 3)
    s.add_job("parse", 2, ["fetch"])
    s.add_job("index", 2, ["parse"])
    s.add_job("thumbs", 1, ["fetch"])
    return s


def test_add_dependency_returns_none_and_makes_the_job_wait():
    s = pipeline()
    s.add_job("setup", 1)
    assert s.add_dependency("fetch", "setup") is None
    assert s.execution_order() == ["setup", "fetch", "parse", "index", "thumbs"]


def test_dependency_closing_a_cycle_returns_the_cycle_path():
    s = pipeline()
    assert s.add_dependency("fetch", "index") == ["fetch", "index", "parse", "fetch"]


def test_self_dependency_is_reported_as_a_cycle():
    s = pipeline()
    assert s.add_dependency("thumbs", "thumbs") == ["thumbs", "thumbs"]


def test_rejected_dependency_changes_nothing():
    s = pipeline()
    s.add_dependency("fetch", "index")
    assert s.execution_order() == ["fetch", "parse", "index", "thumbs"]
    assert s.run_next() == "fetch"


def test_cycle_report_prefers_the_shortest_cycle():
    s = TaskScheduler()
    s.add_job("a", 1)
    s.add_job("b", 1, ["a"])
    s.add_job("c", 1, ["a"])
    s.add_job("x", 1, ["b"])
    s.add_job("d", 1, ["x", "c"])
    assert s.add_dependency("a", "d") == ["a", "d", "c", "a"]


def test_add_dependency_with_an_unknown_id_raises_key_error():
    s = pipeline()
    with pytest.raises(KeyError):
        s.add_dependency("fetch", "missing")
    with pytest.raises(KeyError):
        s.add_dependency("missing", "fetch")


def test_cancel_returns_the_job_and_its_dependents_sorted():
    s = pipeline()
    assert s.cancel("fetch") == ["fetch", "index", "parse", "thumbs"]


def test_cancelled_jobs_never_run_and_leave_the_queue():
    s = pipeline()
    s.add_job("email", 0)
    s.cancel("parse")
    assert s.pending() == ["fetch", "thumbs", "email"]
    assert s.execution_order() == ["fetch", "thumbs", "email"]
    assert [s.run_next(), s.run_next(), s.run_next(), s.run_next()] == [
        "fetch", "thumbs", "email", None,
    ]


def test_status_of_a_cancelled_job_is_cancelled():
    s = pipeline()
    s.cancel("parse")
    assert s.status("parse") == "cancelled"
    assert s.status("index") == "cancelled"
    assert s.status("fetch") == "pending"


def test_cancel_of_a_job_that_already_ran_returns_empty_list():
    s = pipeline()
    s.run_next()
    assert s.cancel("fetch") == []
    assert s.status("fetch") == "done"
    assert s.execution_order() == ["parse", "index", "thumbs"]


def test_add_job_depending_on_a_cancelled_job_raises_value_error():
    s = pipeline()
    s.cancel("index")
    with pytest.raises(ValueError):
        s.add_job("summary", 5, ["index"])
    assert s.status("summary") is None


def test_id_of_a_cancelled_job_stays_taken():
    s = pipeline()
    s.cancel("thumbs")
    assert s.add_job("thumbs", 1) is False
