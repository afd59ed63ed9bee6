import pytest
from task_scheduler import TaskScheduler


def test_job_waits_for_its_dependency_even_with_higher_priority():
    s = TaskScheduler()
    s.add_job("import", 1)
    s.add_job("report", 10, ["import"])
    assert s.run_next() == "import"
    assert s.run_next() == "report"


def test_run_next_picks_the_first_ready_job_in_priority_order():
    s = TaskScheduler()
    s.add_job("import", 1)
    s.add_job("report", 10, ["import"])
    s.add_job("email", 5)
    assert [s.run_next(), s.run_next(), s.run_next()] == ["email", "import", "report"]


def test_job_with_several_dependencies_waits_for_all_of_them():
    s = TaskScheduler()
    s.add_job("a", 1)
    s.add_job("b", 2)
    s.add_job("c", 9, ["a", "b"])
    assert s.run_next() == "b"
    assert s.run_next() == "a"
    assert s.run_next() == "c"


def test_dependency_on_a_job_that_already_ran_is_satisfied():
    s = TaskScheduler()
    s.add_job("import", 1)
    s.add_job("email", 5)
    s.run_next()
    s.run_next()
    s.add_job("report", 3, ["import"])
    assert s.run_next() == "report"


def test_unknown_dependency_raises_key_error():
    s = TaskScheduler()
    s.add_job("import", 1)
    with pytest.raises(KeyError):
        s.add_job("report", 3, ["import", "missing"])


def test_add_job_that_raised_adds_nothing():
    s = TaskScheduler()
    with pytest.raises(KeyError):
        s.add_job("report", 3, ["missing"])
    assert s.status("report") is None
    assert s.pending() == []
    assert s.add_job("report", 3) is True


def test_execution_order_orders_ready_jobs_by_priority():
    s = TaskScheduler()
    s.add_job("import", 1)
    s.add_job("report", 10, ["import"])
    s.add_job("email", 5)
    s.add_job("publish", 5, ["report", "import"])
    assert s.execution_order() == ["email", "import", "report", "publish"]


def test_execution_order_does_not_run_jobs():
    s = TaskScheduler()
    s.add_job("import", 1)
    s.add_job("report", 10, ["import"])
    s.execution_order()
    assert s.status("import") == "pending"
    assert s.execution_order() == ["import", "report"]
    assert s.run_next() == "import"


def test_execution_order_of_an_empty_scheduler_is_empty():
    s = TaskScheduler()
    assert s.execution_order() == []


def test_pending_still_lists_blocked_jobs_in_priority_order():
    s = TaskScheduler()
    s.add_job("import", 1)
    s.add_job("report", 10, ["import"])
    s.add_job("email", 5)
    assert s.pending() == ["report", "email", "import"]


def test_dependencies_default_to_none():
    s = TaskScheduler()
    assert s.add_job("a", 1) is True
    assert s.add_job("b", 2, []) is True
    assert s.execution_order() == ["b", "a"]
